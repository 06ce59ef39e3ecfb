// MIME parse worker (sanitizer.md §3 stage 2). Plain JavaScript on purpose: it must load in a worker_thread without
// the tsx loader. It runs under resourceLimits; the parent terminates it on a wall-clock timeout. It only parses and
// returns plain data; every decision is made in the parent.
import { parentPort } from 'node:worker_threads';
import { parseWithPostalMime } from './postal-result.mjs';

parentPort.on('message', async (msg) => {
  try {
    const out = await parseWithPostalMime(new Uint8Array(msg.raw), msg.limits);
    if (out.ok === false) parentPort.postMessage({ id: msg.id, ...out });
    else parentPort.postMessage({ id: msg.id, ok: true, ...out.message }, [...new Set(out.transfer)]);
  } catch (err) {
    parentPort.postMessage({ id: msg.id, ok: false, error: String(err?.message ? err.message : err) });
  }
});
