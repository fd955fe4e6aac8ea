import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * An import of a CSV or XLSX file: where its bytes are, how they read (encoding, delimiter, headers), the
 * chosen mapping and duplicate mode, and its progress. Progress and `nextChunk` move together in one
 * conditional update after each chunk, so a resumed job starts at the first chunk not yet committed.
 */
export const ImportJobEntity = new Entity(
  {
    model: { entity: "importjob", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      importId: { type: "string", required: true, readOnly: true },
      object: { type: ["contact", "company"] as const, required: true, readOnly: true },
      fileName: { type: "string", required: true },
      size: { type: "number", required: true },
      blobKey: { type: "string", required: true, readOnly: true },
      format: { type: ["csv", "xlsx"] as const },
      /** uploading → ready (file analysed) → running → done | cancelled | failed */
      status: { type: ["uploading", "ready", "running", "done", "cancelled", "failed"] as const, required: true },
      encoding: { type: "string" },
      delimiter: { type: "string" },
      headers: { type: "list", items: { type: "string" } },
      /** The field each column goes to, by column index ("" or null: ignored). */
      mapping: { type: "list", items: { type: "string" } },
      duplicateMode: { type: ["skip", "update", "create"] as const },
      /** Data rows in the file (counted at analysis; an estimate from the sample for very large files). */
      totalRows: { type: "number" },
      nextChunk: { type: "number", required: true, default: 0 },
      rowsDone: { type: "number", required: true, default: 0 },
      created: { type: "number", required: true, default: 0 },
      updated: { type: "number", required: true, default: 0 },
      skipped: { type: "number", required: true, default: 0 },
      failed: { type: "number", required: true, default: 0 },
      error: { type: "string" },
      createdBy: { type: "string", required: true, readOnly: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
      finishedAt: { type: "string" },
    },
    indexes: {
      // A tenant's imports, newest last (ids sort by time): the list reads the newest page.
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["importId"] } },
    },
  },
  entityConfig(),
);
export type ImportJobItem = EntityItem<typeof ImportJobEntity>;

/**
 * One committed row of an import: written in the same transaction as the record it created or updated,
 * so running a chunk again finds it and never writes the row twice.
 */
export const ImportRowEntity = new Entity(
  {
    model: { entity: "importrow", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      importId: { type: "string", required: true, readOnly: true },
      row: { type: "number", required: true, readOnly: true, padding: { length: 9, char: "0" } },
      outcome: { type: ["created", "updated"] as const, required: true },
      /** Created on a slot the chunk reserved (see ImportSlotsEntity), not with its own usage increment. */
      slot: { type: "boolean" },
      /** The record a packed row created: a chunk run again rewrites its index items (see ImportRun). */
      recordId: { type: "string" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "importId"] }, sk: { field: "sk", composite: ["row"] } },
    },
  },
  entityConfig(),
);
export type ImportRowItem = EntityItem<typeof ImportRowEntity>;

/**
 * The plan-limit slots one chunk of an import took from the tenant's usage counter in one conditional
 * update, for its rows to create. The chunk's progress commit gives back the slots its rows did not use and
 * deletes this item in the same transaction, so a chunk run again (after a crash) reuses its slots instead
 * of taking more, and no slot is given back twice.
 */
export const ImportSlotsEntity = new Entity(
  {
    model: { entity: "importslots", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      importId: { type: "string", required: true, readOnly: true },
      chunk: { type: "number", required: true, readOnly: true, padding: { length: 7, char: "0" } },
      count: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "importId"] }, sk: { field: "sk", composite: ["chunk"] } },
    },
  },
  entityConfig(),
);

/** A duplicate key (normalized email or E.164 phone) some earlier row of the same import already wrote. */
export const ImportSeenEntity = new Entity(
  {
    model: { entity: "importseen", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      importId: { type: "string", required: true, readOnly: true },
      key: { type: "string", required: true, readOnly: true },
      row: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "importId", "key"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);

/** A row the import did not write (or skipped as a duplicate): its number, reason code and original cells. */
export const ImportErrorEntity = new Entity(
  {
    model: { entity: "importerror", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      importId: { type: "string", required: true, readOnly: true },
      row: { type: "number", required: true, readOnly: true, padding: { length: 9, char: "0" } },
      reason: { type: "string", required: true },
      message: { type: "string" },
      cells: { type: "list", items: { type: "string" } },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "importId"] }, sk: { field: "sk", composite: ["row"] } },
    },
  },
  entityConfig(),
);

/** The mapping a tenant chose last time for an object: normalized header → field. */
export const ImportMappingEntity = new Entity(
  {
    model: { entity: "importmapping", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      object: { type: "string", required: true, readOnly: true },
      fields: { type: "any", required: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["object"] } },
    },
  },
  entityConfig(),
);
