import { mongo } from "mongoose";

/** Bytes from a stored Buffer field: lean reads hand back BSON Binary, not Buffer. */
export function toBytes(value: unknown): Uint8Array {
  if (value instanceof mongo.Binary) return value.buffer;
  if (value instanceof Uint8Array) return value;
  throw new TypeError("Stored secretHash is not binary");
}
