import { Entity } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/** Per-tenant sequences (ticket numbers): an atomic ADD hands out each value once. */
export const CounterEntity = new Entity(
  {
    model: { entity: "counter", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true, readOnly: true },
      value: { type: "number", required: true, default: 0 },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "name"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);

/** The next value of a tenant's sequence. */
export async function nextValue(tenantId: string, name: string): Promise<number> {
  const res = await CounterEntity.update({ tenantId, name }).add({ value: 1 }).go({ response: "all_new" });
  return res.data.value as number;
}
