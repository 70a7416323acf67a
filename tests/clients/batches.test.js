// The Batch API through the openai npm client: an input file uploaded with files.create, batches.create, polling
// batches.retrieve to the end, the output file read with files.content, the auto-paginating batches.list, cancel, and
// the typed errors. Needs only the server's URL and a key, so the harness runs it against a server on either storage
// provider (NodeClientTests on SQLite, PostgresBatchNodeClientTests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI, { toFile } from 'openai';

const openai = new OpenAI({ baseURL: process.env.DELIBERATE_BASE_URL, apiKey: process.env.DELIBERATE_API_KEY, maxRetries: 0, timeout: 60_000 });
const run = Date.now().toString(36); // this run's files and batches, among others the same key may hold

function line(customId, maxTokens = 4) {
  return JSON.stringify({
    custom_id: customId, method: 'POST', url: '/v1/chat/completions',
    body: { model: 'o3-mini', messages: [{ role: 'user', content: `Say ${customId}.` }], max_completion_tokens: maxTokens, reasoning_effort: 'low' },
  });
}

async function upload(lines) {
  return openai.files.create({ file: await toFile(Buffer.from(lines.join('\n') + '\n'), `batch-${run}.jsonl`), purpose: 'batch' });
}

// Polls until the batch reaches one of the statuses (bounded: a batch that never gets there fails the test).
async function waitFor(id, statuses) {
  for (const deadline = Date.now() + 180_000; Date.now() < deadline;) {
    const batch = await openai.batches.retrieve(id);
    if (statuses.includes(batch.status)) return batch;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  throw new Error(`batch ${id} never reached ${statuses.join(' or ')}`);
}

test('batches.create runs every request; the output file holds one line per custom_id', async () => {
  const ids = ['a', 'b', 'c'].map(x => `${x}-${run}`);
  const file = await upload(ids.map(id => line(id)));
  const batch = await openai.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h', metadata: { run } });
  assert.match(batch.id, /^batch_[A-Za-z0-9]{24}$/);
  assert.equal(batch.object, 'batch');
  assert.equal(batch.status, 'validating');
  assert.deepEqual(batch.metadata, { run });

  const done = await waitFor(batch.id, ['completed', 'failed']);
  assert.equal(done.status, 'completed', JSON.stringify(done.errors));
  assert.deepEqual(done.request_counts, { total: 3, completed: 3, failed: 0 });
  assert.equal(done.error_file_id, null);
  const output = await (await openai.files.content(done.output_file_id)).text();
  const results = output.trim().split('\n').map(text => JSON.parse(text));
  assert.deepEqual(results.map(r => r.custom_id), ids);
  for (const result of results) {
    assert.match(result.id, /^batch_req_/);
    assert.equal(result.error, null);
    assert.equal(result.response.status_code, 200);
    assert.match(result.response.request_id, /^req_/);
    assert.equal(result.response.body.object, 'chat.completion');
  }
});

test('batches.list pages newest first with its cursor until has_more is false', async () => {
  const file = await upload([line(`one-${run}`)]);
  const created = [];
  for (let i = 0; i < 3; i++) {
    created.push((await openai.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' })).id);
  }
  const seen = [];
  for await (const batch of openai.batches.list({ limit: 2 })) seen.push(batch.id);
  assert.deepEqual(seen.filter(id => created.includes(id)), [...created].reverse());
  const first = await openai.batches.list({ limit: 2 });
  assert.equal(first.data.length, 2);
  assert.ok(first.hasNextPage());
  for (const id of created) await waitFor(id, ['completed']);
});

test('batches.cancel stops a batch; it ends cancelled with every request accounted for', async () => {
  const ids = Array.from({ length: 150 }, (_, i) => `long-${i}-${run}`);
  const file = await upload(ids.map(id => line(id, 160)));
  const batch = await openai.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
  // Once its requests are read (cancelled while validating, a batch has none to account for).
  await waitFor(batch.id, ['in_progress']);
  const cancelling = await openai.batches.cancel(batch.id);
  assert.ok(['cancelling', 'cancelled'].includes(cancelling.status), cancelling.status);
  assert.notEqual(cancelling.cancelling_at, null);

  const cancelled = await waitFor(batch.id, ['cancelled']);
  const lines = [];
  for (const id of [cancelled.output_file_id, cancelled.error_file_id].filter(Boolean)) {
    lines.push(...(await (await openai.files.content(id)).text()).trim().split('\n').map(text => JSON.parse(text)));
  }
  assert.equal(cancelled.request_counts.total, ids.length);
  assert.deepEqual(lines.map(l => l.custom_id).sort(), [...ids].sort());
  assert.ok(lines.filter(l => l.error?.code === 'batch_cancelled').length > 0);
});

test('errors are the typed errors of the SDK, naming the parameter', async () => {
  const missing = await openai.batches.retrieve('batch_AAAAAAAAAAAAAAAAAAAAAAAA').catch(e => e);
  assert.ok(missing instanceof OpenAI.NotFoundError, String(missing));
  assert.match(missing.message, /No such Batch object/);
  const noFile = await openai.batches.create({ input_file_id: 'file-AAAAAAAAAAAAAAAAAAAAAAAA', endpoint: '/v1/chat/completions', completion_window: '24h' }).catch(e => e);
  assert.ok(noFile instanceof OpenAI.NotFoundError, String(noFile));
  assert.equal(noFile.param, 'input_file_id');
  const file = await upload([line(`w-${run}`)]);
  const window = await openai.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '48h' }).catch(e => e);
  assert.ok(window instanceof OpenAI.BadRequestError, String(window));
  assert.equal(window.param, 'completion_window');
  assert.equal(window.code, 'unsupported_value');
});
