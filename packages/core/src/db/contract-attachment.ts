import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * A file attached to a contract (the signed PDF, scans, Office documents). The bytes live in the blob store
 * under the tenant's prefix (`tenants/<tenantId>/contracts/...`), so tenant export and deletion find them;
 * the item shares the contract's partition, so one query lists a contract's files.
 */
export const ContractAttachmentEntity = new Entity(
  {
    model: { entity: "contractfile", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      contractId: { type: "string", required: true, readOnly: true },
      attachmentId: { type: "string", required: true, readOnly: true },
      fileName: { type: "string", required: true, readOnly: true },
      contentType: { type: "string", required: true, readOnly: true },
      size: { type: "number", required: true, readOnly: true },
      blobKey: { type: "string", required: true, readOnly: true },
      uploadedBy: { type: "string", required: true, readOnly: true },
      createdAt: { type: "string", required: true, readOnly: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "contractId"] }, sk: { field: "sk", composite: ["attachmentId"] } },
    },
  },
  entityConfig(),
);
export type ContractAttachmentItem = EntityItem<typeof ContractAttachmentEntity>;
