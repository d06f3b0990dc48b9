// Golden test: the metadata tells the whole truth about the live node.
//
// - Every storage entry the metadata declares decodes from the node's state: each stored value decodes pedantically
//   (decoding then re-encoding gives back exactly the stored bytes) with the type the metadata names, each key's
//   arguments decode through the hashers it declares, and an entry with nothing stored yields its declared default.
// - Every call the metadata lists is encoded from the metadata alone (default arguments of the declared types),
//   signed, submitted and dispatched: it lands in a finalized block with `System.ExtrinsicSuccess` or
//   `System.ExtrinsicFailed`, never rejected as undecodable.
//
// Started by tests/tests/polkadot_js.rs with the node's endpoint in METANODE_WS.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aEq } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';

const endpoint = process.env.METANODE_WS;
if (!endpoint) {
  throw new Error('METANODE_WS is not set: run this through `cargo test --workspace --test polkadot_js`');
}

/** @type {ApiPromise} */
let api;
let dave;

before(async () => {
  await cryptoWaitReady();
  const provider = new WsProvider(endpoint, false);
  await provider.connect();
  api = await ApiPromise.create({ provider, throwOnConnect: true, noInitWarn: true });
  dave = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 }).addFromUri('//Dave');
});

after(async () => {
  await api?.disconnect();
});

test('every storage entry in the metadata decodes from the live state', async () => {
  const at = await api.rpc.chain.getFinalizedHead();
  let entries = 0;
  let values = 0;
  for (const pallet of api.runtimeMetadata.asLatest.pallets) {
    if (pallet.storage.isNone) continue;
    const storage = pallet.storage.unwrap();
    for (const entry of storage.items) {
      entries += 1;
      if (process.env.GOLDEN_TRACE) console.error(`storage ${pallet.name}.${entry.name}`);
      const section = api.query[Object.keys(api.query).find((s) => s.toLowerCase() === pallet.name.toString().toLowerCase())];
      const name = `${pallet.name}.${entry.name}`;
      const query = Object.values(section).find((q) => q.creator.meta.name.eq(entry.name));
      assert.ok(query, `${name}: no query was built from the metadata`);
      const valueType = entry.type.isPlain ? entry.type.asPlain : entry.type.asMap.value;
      const typeName = api.registry.createLookupType(valueType);

      // The declared default: `None` (0x00) for an optional entry, else a value of the type that decodes pedantically.
      const fallback = entry.fallback.toU8a(true);
      if (entry.modifier.isOptional) {
        assert.ok(u8aEq(fallback, new Uint8Array([0])), `${name}: an optional entry's default is not None`);
      } else {
        api.registry.createTypeUnsafe(typeName, [fallback], { isPedantic: true });
      }

      // Map keys come from state_getKeysPaged under the entry's prefix at the same block, each decoded through the
      // declared hashers.
      const keys = entry.type.isPlain ? [query.key()] : await query.keysAt(at);
      for (const key of keys) {
        const raw = await api.rpc.state.getStorage(key, at);
        if (raw.isEmpty) {
          assert.ok(entry.type.isPlain, `${name}: a listed key has no value`);
          continue; // nothing stored: the default applies (checked above)
        }
        const bytes = raw.toU8a(true);
        const value = api.registry.createTypeUnsafe(typeName, [bytes], { isPedantic: true });
        assert.ok(u8aEq(value.toU8a(), bytes), `${name}: a stored value does not re-encode to itself`);
        if (entry.type.isMap) {
          const hashers = entry.type.asMap.hashers.length;
          assert.equal(key.args.length, hashers, `${name}: key ${key.toHex()} args did not decode`);
          // Rebuilding the key from its decoded arguments gives back the same bytes.
          assert.equal(query.key(...key.args), key.toHex(), `${name}: key does not round-trip`);
        }
        values += 1;
      }
    }
  }
  assert.ok(entries >= 10, `only ${entries} storage entries in the metadata`);
  assert.ok(values >= 10, `only ${values} stored values were checked`);
});

/** Signs and sends `tx` from `signer`; resolves with the finalized block's events for it, or rejects. */
function dispatch(tx, signer) {
  return new Promise((resolve, reject) => {
    let unsub;
    const timer = setTimeout(() => reject(new Error('not finalized within 60 s')), 60_000);
    tx.signAndSend(signer, ({ status, events }) => {
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        clearTimeout(timer);
        unsub?.();
        reject(new Error(`transaction ended as ${status.type}`));
      } else if (status.isFinalized) {
        clearTimeout(timer);
        unsub?.();
        resolve(events);
      }
    })
      .then((u) => {
        unsub = u;
      })
      .catch((err) => {
        clearTimeout(timer);
        reject(err);
      });
  });
}

/** Calls only the block author may include, as inherents. */
const MANDATORY = new Set(['timestamp.set']);

test('every call in the metadata encodes from the metadata and is dispatched', async () => {
  // //Dave is no admin and holds only FLX: root-only and issuer-only calls fail in dispatch, which is the point:
  // they are decoded and dispatched, and their failure is a module or origin error.
  const calls = [];
  for (const [section, methods] of Object.entries(api.tx)) {
    for (const [method, build] of Object.entries(methods)) {
      if (typeof build !== 'function' || !build.meta) continue;
      calls.push([section, method, build]);
    }
  }
  assert.ok(calls.length >= 10, `only ${calls.length} calls in the metadata`);
  const report = [];
  for (const [section, method, build] of calls) {
    if (process.env.GOLDEN_TRACE) console.error(`call ${section}.${method}`);
    const args = build.meta.args.map((arg) => api.createType(arg.type.toString()));
    const tx = build(...args);
    // The encoded call round-trips through the metadata's call type.
    const decoded = api.createType('Call', tx.method.toU8a());
    assert.equal(`${decoded.section}.${decoded.method}`, `${section}.${method}`);
    let events;
    try {
      events = await dispatch(tx, dave);
    } catch (err) {
      // Inherents are mandatory: like Substrate, the node refuses them as transactions (1010, MandatoryValidation).
      if (MANDATORY.has(`${section}.${method}`) && /dispatch is mandatory/.test(err.message)) {
        report.push(`${section}.${method}: refused as a transaction (mandatory inherent)`);
        continue;
      }
      throw new Error(`${section}.${method}: ${err.message}`);
    }
    const outcome = events.find(
      ({ event }) => api.events.system.ExtrinsicSuccess.is(event) || api.events.system.ExtrinsicFailed.is(event),
    );
    assert.ok(outcome, `${section}.${method}: no ExtrinsicSuccess/ExtrinsicFailed`);
    let result = outcome.event.method;
    if (api.events.system.ExtrinsicFailed.is(outcome.event)) {
      const [dispatchError] = outcome.event.data;
      result += dispatchError.isModule
        ? ` ${api.registry.findMetaError(dispatchError.asModule).name}`
        : ` ${dispatchError.type}`;
    }
    report.push(`${section}.${method}: ${result}`);
  }
  console.log(report.join('\n'));
});
