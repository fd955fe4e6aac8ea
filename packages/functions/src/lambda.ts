import { handle } from "hono/aws-lambda";
import { createApp } from "./api/app";
import { useAwsPorts } from "./aws-ports";

useAwsPorts();

/** The API on Lambda behind API Gateway (HTTP API, payload v2). */
export const handler = handle(createApp());
