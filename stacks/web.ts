import { Fn } from "aws-cdk-lib";
import { AllowedMethods, CachePolicy, OriginRequestPolicy, ViewerProtocolPolicy } from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { type StackContext, StaticSite, use } from "sst/constructs";
import { Api } from "./api";

/**
 * The SolidJS app on CloudFront. `/api/*` is routed to the HTTP API through the same distribution, so the
 * session cookie stays first-party (SameSite=Lax) exactly as it is locally.
 */
export function Web({ stack }: StackContext) {
  const { api } = use(Api);
  const apiHost = Fn.select(2, Fn.split("/", api.url));
  const site = new StaticSite(stack, "web", {
    path: "web",
    buildCommand: "npx vite build --outDir dist-aws",
    buildOutput: "dist-aws",
    environment: { VITE_API_URL: api.url },
    cdk: {
      distribution: {
        additionalBehaviors: {
          "/api/*": {
            origin: new HttpOrigin(apiHost),
            allowedMethods: AllowedMethods.ALLOW_ALL,
            cachePolicy: CachePolicy.CACHING_DISABLED,
            originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
            viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          },
        },
      },
    },
  });
  stack.addOutputs({ WebUrl: site.url });
  return { site };
}
