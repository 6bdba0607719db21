// sigstore-js as Provenant's independent peer, run by SigstoreMock.sigstoreJs(...):
//   verify --bundle B --artifact A --trusted-root T (--identity SAN --issuer ISS | --key PEM)
//          [--tlog-threshold N]   exits 0 and prints "verified" when sigstore-js accepts B over A
//   sign   --artifact A --out B --fulcio URL --token JWT [--rekor URL] [--tsa URL]
//          writes the bundle sigstore-js makes against the given services
//   attest --payload P --payload-type T --out B --fulcio URL --token JWT [--rekor URL] [--tsa URL]
//          writes the DSSE bundle sigstore-js's attest() makes over P
// Verification uses @sigstore/verify with the trusted_root.json given, offline: sigstore.verify()
// only takes its trust root from a TUF repository, which a local mock does not have.
'use strict';
const fs = require('fs');
const crypto = require('crypto');

const [command, ...rest] = process.argv.slice(2);
const opts = {};
for (let i = 0; i < rest.length; i += 2) opts[rest[i].replace(/^--/, '')] = rest[i + 1];

async function verify() {
  const { TrustedRoot } = require('@sigstore/protobuf-specs');
  const { bundleFromJSON } = require('@sigstore/bundle');
  const { toTrustMaterial, toSignedEntity, Verifier } = require('@sigstore/verify');
  const root = TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(opts['trusted-root'], 'utf8')));
  const keyed = opts.key !== undefined;
  const keyFinder = keyed
    ? () => ({ publicKey: crypto.createPublicKey(fs.readFileSync(opts.key)), validFor: () => true })
    : undefined;
  const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(opts.bundle, 'utf8')));
  const verifier = new Verifier(toTrustMaterial(root, keyFinder), {
    tlogThreshold: opts['tlog-threshold'] !== undefined ? +opts['tlog-threshold'] : 1,
    ctlogThreshold: keyed ? 0 : 1,
    timestampThreshold: 1,
  });
  const policy = keyed
    ? {}
    : { subjectAlternativeName: opts.identity, extensions: { issuer: opts.issuer } };
  const signer = verifier.verify(toSignedEntity(bundle, fs.readFileSync(opts.artifact)), policy);
  console.log('verified', JSON.stringify(signer.identity || {}));
}

async function sign() {
  const { sign } = require('sigstore');
  const bundle = await sign(fs.readFileSync(opts.artifact), {
    fulcioURL: opts.fulcio,
    rekorURL: opts.rekor,
    tlogUpload: opts.rekor !== undefined,
    tsaServerURL: opts.tsa,
    identityToken: opts.token,
  });
  fs.writeFileSync(opts.out, JSON.stringify(bundle, null, 2));
  console.log('signed', opts.out);
}

async function attest() {
  const { attest } = require('sigstore');
  const bundle = await attest(fs.readFileSync(opts.payload), opts['payload-type'], {
    fulcioURL: opts.fulcio,
    rekorURL: opts.rekor,
    tlogUpload: opts.rekor !== undefined,
    tsaServerURL: opts.tsa,
    identityToken: opts.token,
  });
  fs.writeFileSync(opts.out, JSON.stringify(bundle, null, 2));
  console.log('attested', opts.out);
}

const commands = { verify, sign, attest };
if (!commands[command]) {
  console.error(`usage: sigstore-js.js verify|sign|attest --flag value...`);
  process.exit(2);
}
commands[command]().catch((e) => {
  console.error(`sigstore-js ${command} failed: ${e.code ? e.code + ': ' : ''}${e.message}`);
  if (process.env.SIGSTORE_JS_DEBUG) console.error(e.stack);
  process.exit(1);
});
