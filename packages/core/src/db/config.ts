import { documentClient, tableName } from "../table";

/** ElectroDB configuration shared by every entity: the one table and its client. */
export const entityConfig = () => ({ table: tableName(), client: documentClient() });
export const SERVICE = "crm";
