// A software authenticator for the passkey tests: it makes P-256 credentials and
// answers WebAuthn ceremonies the way a platform authenticator does (attestation "none",
// user present and verified), and can be told to misbehave — another origin or relying
// party, no user verification, a counter that goes backwards — so that the server's checks
// are tested against real signatures. The browser journeys use Chromium's own.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";

import { isoCBOR } from "@simplewebauthn/server/helpers";

interface Credential {
  privateKey: KeyObject;
  userHandle: string;
  counter: number;
}

export interface Misbehaviour {
  origin?: string;
  rpId?: string;
  userVerified?: boolean;
  /** The signature counter to report (by default one more than the last). */
  counter?: number;
  /** Another user handle than the credential's. */
  userHandle?: string;
}

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string): Buffer => createHash("sha256").update(data).digest();

function flags(options: { attested: boolean; userVerified: boolean }): number {
  // UP (user present) always; UV when verified; AT when credential data follows.
  return 0x01 | (options.userVerified ? 0x04 : 0) | (options.attested ? 0x40 : 0);
}

function counterBytes(counter: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(counter);
  return bytes;
}

export function softAuthenticator(defaults: { origin: string; rpId: string }) {
  const credentials = new Map<string, Credential>();

  return {
    /** Answers `navigator.credentials.create` for these options. */
    create(
      options: { challenge: string; user: { id: string } },
      misbehave: Misbehaviour = {},
    ): {
      id: string;
      rawId: string;
      type: "public-key";
      response: object;
      clientExtensionResults: object;
    } {
      const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
      const jwk = publicKey.export({ format: "jwk" });
      const cose = isoCBOR.encode(
        new Map<number, number | Uint8Array>([
          [1, 2],
          [3, -7],
          [-1, 1],
          [-2, Buffer.from(jwk.x ?? "", "base64url")],
          [-3, Buffer.from(jwk.y ?? "", "base64url")],
        ]),
      );
      const credentialId = randomBytes(16);
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(credentialId.length);
      const authData = Buffer.concat([
        sha256(misbehave.rpId ?? defaults.rpId),
        Buffer.from([flags({ attested: true, userVerified: misbehave.userVerified ?? true })]),
        counterBytes(0),
        Buffer.alloc(16),
        idLength,
        credentialId,
        Buffer.from(cose),
      ]);
      const attestationObject = isoCBOR.encode(
        new Map<string, unknown>([
          ["fmt", "none"],
          ["attStmt", new Map()],
          ["authData", new Uint8Array(authData)],
        ]) as never,
      );
      const clientData = JSON.stringify({
        type: "webauthn.create",
        challenge: options.challenge,
        origin: misbehave.origin ?? defaults.origin,
        crossOrigin: false,
      });
      const id = b64url(credentialId);
      credentials.set(id, { privateKey, userHandle: options.user.id, counter: 0 });
      return {
        id,
        rawId: id,
        type: "public-key",
        response: {
          clientDataJSON: b64url(Buffer.from(clientData)),
          attestationObject: b64url(attestationObject),
          transports: ["internal"],
        },
        clientExtensionResults: {},
      };
    },

    /** Answers `navigator.credentials.get` with credential `id`. */
    get(
      options: { challenge: string },
      id: string,
      misbehave: Misbehaviour = {},
    ): {
      id: string;
      rawId: string;
      type: "public-key";
      response: object;
      clientExtensionResults: object;
    } {
      const credential = credentials.get(id);
      if (!credential) throw new Error(`no credential ${id}`);
      credential.counter = misbehave.counter ?? credential.counter + 1;
      const authData = Buffer.concat([
        sha256(misbehave.rpId ?? defaults.rpId),
        Buffer.from([flags({ attested: false, userVerified: misbehave.userVerified ?? true })]),
        counterBytes(credential.counter),
      ]);
      const clientData = Buffer.from(
        JSON.stringify({
          type: "webauthn.get",
          challenge: options.challenge,
          origin: misbehave.origin ?? defaults.origin,
          crossOrigin: false,
        }),
      );
      const signature = sign(
        "sha256",
        Buffer.concat([authData, sha256(clientData)]),
        credential.privateKey,
      );
      return {
        id,
        rawId: id,
        type: "public-key",
        response: {
          clientDataJSON: b64url(clientData),
          authenticatorData: b64url(authData),
          signature: b64url(signature),
          userHandle: misbehave.userHandle ?? credential.userHandle,
        },
        clientExtensionResults: {},
      };
    },
  };
}
