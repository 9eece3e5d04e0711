import { auth } from "../../../lib/auth.ts";

export function GET(): Promise<Response> {
  return auth().healthResponse();
}
