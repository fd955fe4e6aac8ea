import type { SSTConfig } from "sst";
import { Api } from "./stacks/api";
import { Bus } from "./stacks/bus";
import { Email } from "./stacks/email";
import { Jobs } from "./stacks/jobs";
import { Storage } from "./stacks/storage";
import { Web } from "./stacks/web";

export default {
  config() {
    return { name: "crm", region: process.env.AWS_REGION ?? "us-east-1" };
  },
  stacks(app) {
    app.setDefaultFunctionProps({ runtime: "nodejs20.x", architecture: "arm_64" });
    app.stack(Storage).stack(Bus).stack(Email).stack(Api).stack(Jobs).stack(Web);
  },
} satisfies SSTConfig;
