// The stock @polkadot/api client, unchanged, against a live Metanode dev node.
//
// Started by tests/tests/polkadot_js.rs, which runs a real `metanode` dev node and passes its WebSocket endpoint in
// METANODE_WS. Everything here goes through the client's public API with default options: if a wallet or an
// explorer built on @polkadot/api would break, one of these tests fails.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

const endpoint = process.env.METANODE_WS;
if (!endpoint) {
  throw new Error('METANODE_WS is not set: run this through `cargo test --workspace --test polkadot_js`');
}

/** @type {ApiPromise} */
let api;
let alice;
let bob;
let charlie;

before(async () => {
  await cryptoWaitReady();
  // No retries: a node that is not there is a failure, not a hang.
  const provider = new WsProvider(endpoint, false);
  await provider.connect();
  api = await ApiPromise.create({ provider, throwOnConnect: true, noInitWarn: true });
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
  charlie = keyring.addFromUri('//Charlie');
});

after(async () => {
  await api?.disconnect();
});

/**
 * Signs and sends `tx` with default options (mortal era, nonce from the node) and resolves once it is finalized.
 * Returns the statuses seen in order, the block it was finalized in and its events.
 */
function sendAndFinalize(tx, signer) {
  return new Promise((resolve, reject) => {
    const statuses = [];
    let unsub;
    const timer = setTimeout(() => {
      unsub?.();
      reject(new Error(`not finalized within 60 s; statuses so far: ${statuses.join(' → ')}`));
    }, 60_000);
    tx.signAndSend(signer, (result) => {
      const { status } = result;
      statuses.push(status.type);
      if (status.isInvalid || status.isDropped || status.isUsurped || status.isFinalityTimeout) {
        clearTimeout(timer);
        unsub?.();
        reject(new Error(`transaction ended as ${status.type}`));
      }
      if (status.isFinalized) {
        clearTimeout(timer);
        unsub?.();
        resolve({ statuses, blockHash: status.asFinalized, events: result.events, dispatchError: result.dispatchError });
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

const eventNames = (records) => records.map(({ event }) => `${event.section}.${event.method}`);

test('chain, properties and metadata', async () => {
  const [chain, name, props] = await Promise.all([
    api.rpc.system.chain(),
    api.rpc.system.name(),
    api.rpc.system.properties(),
  ]);
  assert.equal(name.toString(), 'Metanode');
  assert.ok(chain.toString().length > 0, 'chain name is empty');

  const symbols = props.tokenSymbol.unwrap().map((s) => s.toString());
  const decimals = props.tokenDecimals.unwrap().map((d) => d.toNumber());
  assert.deepEqual(symbols.slice().sort(), ['AUR', 'FLX', 'GEN', 'NEX']);
  assert.equal(symbols[0], 'FLX', 'the native (fee) token comes first');
  assert.equal(decimals.length, symbols.length);
  assert.equal(api.registry.chainTokens[0], 'FLX');

  // The client picks V15 through the Metadata_metadata_at_version runtime API; state_getMetadata serves V14.
  assert.equal(api.runtimeMetadata.version, 15);
  const v14 = await api.rpc.state.getMetadata();
  assert.equal(v14.version, 14);
  assert.equal(v14.asLatest.pallets.length, api.runtimeMetadata.asLatest.pallets.length);
  const pallets = api.runtimeMetadata.asLatest.pallets.map((p) => [p.name.toString(), p.index.toNumber()]);
  for (const [pallet, index] of [
    ['System', 0],
    ['Timestamp', 1],
    ['Balances', 2],
    ['Wallets', 3],
    ['Validators', 4],
    ['Admin', 5],
    ['Receipts', 6],
  ]) {
    assert.ok(
      pallets.some(([n, i]) => n === pallet && i === index),
      `metadata lacks pallet ${pallet} at index ${index}: ${JSON.stringify(pallets)}`,
    );
  }
  assert.ok(api.consts.balances.existentialDeposit.toBigInt() > 0n);
  const version = api.runtimeVersion;
  assert.equal(version.specName.toString(), 'metanode');
  assert.ok(version.specVersion.toNumber() >= 1);
});

test('balances query', async () => {
  const { nonce, data } = await api.query.system.account(alice.address);
  assert.ok(data.free.toBigInt() > 0n, 'Alice has FLX at genesis');
  assert.ok(nonce.toNumber() >= 0);
  const gen = await api.query.wallets.balances('GEN', alice.address);
  assert.ok(gen.toBigInt() > 0n, 'Alice has GEN at genesis');
});

test('balances.transferKeepAlive by //Alice goes Ready → InBlock → Finalized', async () => {
  const amount = 1_234_000_000_000n;
  const before = (await api.query.system.account(charlie.address)).data.free.toBigInt();
  const { statuses, blockHash, events } = await sendAndFinalize(
    api.tx.balances.transferKeepAlive(charlie.address, amount),
    alice,
  );
  const order = ['Ready', 'InBlock', 'Finalized'];
  const seen = statuses.filter((s) => order.includes(s));
  assert.deepEqual([...new Set(seen)], order, `statuses: ${statuses.join(' → ')}`);

  const names = eventNames(events);
  assert.ok(names.includes('system.ExtrinsicSuccess'), `events: ${names}`);
  const transfer = events.find(({ event }) => api.events.balances.Transfer.is(event));
  assert.ok(transfer, `no balances.Transfer in ${names}`);
  assert.equal(transfer.event.data.from.toString(), alice.address);
  assert.equal(transfer.event.data.to.toString(), charlie.address);
  assert.equal(transfer.event.data.amount.toBigInt(), amount);

  const after = (await api.query.system.account(charlie.address)).data.free.toBigInt();
  assert.equal(after - before, amount);
  const finalized = await api.rpc.chain.getFinalizedHead();
  const header = await api.rpc.chain.getHeader(blockHash);
  const finalizedHeader = await api.rpc.chain.getHeader(finalized);
  assert.ok(finalizedHeader.number.toNumber() >= header.number.toNumber());
});

test('wallets.transfer of GEN, built from metadata alone', async () => {
  // The call is found in the metadata by name; nothing about Wallets is hard-coded in @polkadot/api.
  assert.ok(api.tx.wallets?.transfer, 'metadata has no Wallets.transfer');
  const amount = 5_000_000_000_000n;
  const before = (await api.query.wallets.balances('GEN', bob.address)).toBigInt();
  const { events } = await sendAndFinalize(api.tx.wallets.transfer('GEN', bob.address, amount), alice);
  const names = eventNames(events);
  assert.ok(names.includes('system.ExtrinsicSuccess'), `events: ${names}`);
  assert.ok(names.some((n) => n.startsWith('wallets.')), `no Wallets event in ${names}`);
  const after = (await api.query.wallets.balances('GEN', bob.address)).toBigInt();
  assert.equal(after - before, amount);
});

test('a failing call is decoded as a readable module error', async () => {
  // One more AUR than Charlie holds: the transfer is included, pays its fee and fails in the pallet.
  const held = (await api.query.wallets.balances('AUR', charlie.address)).toBigInt();
  const { events, dispatchError } = await sendAndFinalize(
    api.tx.wallets.transfer('AUR', bob.address, held + 1n),
    charlie,
  );
  const names = eventNames(events);
  assert.ok(names.includes('system.ExtrinsicFailed'), `events: ${names}`);
  assert.ok(dispatchError, 'no dispatch error reported');
  assert.ok(dispatchError.isModule, `not a module error: ${dispatchError.toString()}`);
  const meta = api.registry.findMetaError(dispatchError.asModule);
  assert.equal(meta.section, 'wallets');
  assert.equal(meta.name, 'InsufficientBalance');
  assert.ok(meta.docs.join(' ').length > 0, 'the error has no documentation');
});

test('every block and its events decode, from genesis to head', async () => {
  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  assert.ok(head > 0);
  let extrinsics = 0;
  for (let n = 0; n <= head; n++) {
    const hash = await api.rpc.chain.getBlockHash(n);
    const signed = await api.rpc.chain.getBlock(hash);
    assert.equal(signed.block.header.number.toNumber(), n);
    assert.equal(signed.block.header.hash.toHex(), hash.toHex(), `block ${n}: the client's header hash differs`);
    const at = await api.at(hash);
    const records = await at.query.system.events();
    // Every applied extrinsic has exactly one ExtrinsicSuccess or ExtrinsicFailed in its phase.
    signed.block.extrinsics.forEach((ext, index) => {
      assert.ok(ext.method.section.length > 0, `block ${n} extrinsic ${index} did not decode`);
      const outcome = records.filter(
        ({ phase, event }) =>
          phase.isApplyExtrinsic &&
          phase.asApplyExtrinsic.toNumber() === index &&
          (api.events.system.ExtrinsicSuccess.is(event) || api.events.system.ExtrinsicFailed.is(event)),
      );
      assert.equal(outcome.length, 1, `block ${n} extrinsic ${index}: ${outcome.length} outcome events`);
    });
    for (const { event } of records) {
      assert.ok(event.section && event.method, `block ${n}: an event did not decode`);
    }
    extrinsics += signed.block.extrinsics.length;
  }
  assert.ok(extrinsics > head, 'expected at least the timestamp inherent in every block');
});
