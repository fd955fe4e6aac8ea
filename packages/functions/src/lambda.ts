import { handle } from "hono/aws-lambda";
import { setPorts } from "@crm/core/ports";
import { EventBridgePublisher } from "./adapters/event-bridge";
import { SesMailer } from "./adapters/ses-mailer";
import { createApp } from "./api/app";

setPorts({ mailer: new SesMailer(), events: new EventBridgePublisher() });

/** The API on Lambda behind API Gateway (HTTP API, payload v2). */
export const handler = handle(createApp());
