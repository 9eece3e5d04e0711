import { describeHealthAndStartup } from "@monorepo-auth/testing/suites/health";

describeHealthAndStartup("admin");
