import { builder } from "./builder.ts";

/** The public key clients encrypt PINs to, for `setCardPin(input: { encryptedPin })`. */
const PinEncryptionKeyRef = builder
  .objectRef<{ publicKeyPem: string; keyId: string }>("PinEncryptionKey")
  .implement({
    description: "The server's public key for encrypting PINs before sending them.",
    fields: (t) => ({
      algorithm: t.string({
        description: "Always RSA-OAEP-256: RSA-OAEP with SHA-256 and MGF1-SHA-256.",
        resolve: () => "RSA-OAEP-256",
      }),
      publicKeyPem: t.exposeString("publicKeyPem", { description: "The public key, SPKI PEM." }),
      keyId: t.exposeString("keyId", {
        description: "A fingerprint of the key; it changes when the key does.",
      }),
    }),
  });

builder.queryField("pinEncryptionKey", (t) =>
  t.field({
    type: PinEncryptionKeyRef,
    authScopes: { scope: "cards:pin" },
    description:
      "The key to encrypt a PIN to, so it never crosses the wire in clear (see SetCardPinInput.encryptedPin).",
    resolve: (_root, _args, ctx) => ({
      publicKeyPem: ctx.settings.pinKey.publicKeyPem,
      keyId: ctx.settings.pinKey.keyId,
    }),
  }),
);
