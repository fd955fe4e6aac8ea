import { Api as HttpApi, type StackContext } from "sst/constructs";
import { appFunction } from "./shared";
import { importQueue, withImportQueue } from "./import-queue";

export { TABLE_ACTIONS } from "./shared";

/** The HTTP API: every /api route goes to the one Hono function (Node 20, arm64, bundled and minified). */
export function Api(ctx: StackContext) {
  const { stack } = ctx;
  const api = new HttpApi(stack, "api", {
    defaults: { function: withImportQueue(appFunction(ctx), importQueue(ctx)) },
    routes: {
      "ANY /api/{proxy+}": "packages/functions/src/lambda.handler",
    },
  });
  stack.addOutputs({ ApiUrl: api.url });
  return { api };
}
