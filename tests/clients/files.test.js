// The Files API through the openai npm client: upload (toFile), retrieve, waitForProcessing, the auto-paginating
// list, content download and delete, and its typed errors. Needs only the server's URL and a key, so the harness
// runs it against a server on either storage provider (NodeClientTests on SQLite, PostgresFilesNodeClientTests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI, { toFile } from 'openai';

const openai = new OpenAI({ baseURL: process.env.DELIBERATE_BASE_URL, apiKey: process.env.DELIBERATE_API_KEY, maxRetries: 0, timeout: 60_000 });
const run = Date.now().toString(36); // this run's files, among others the same key may hold

test('files.create uploads a file and returns the File object; retrieve and waitForProcessing agree', async () => {
  const body = Buffer.from('{"custom_id":"a"}\n{"custom_id":"b"}\n');
  const file = await openai.files.create({ file: await toFile(body, `requests-${run}.jsonl`), purpose: 'batch' });
  assert.match(file.id, /^file-[A-Za-z0-9]{24}$/);
  assert.equal(file.object, 'file');
  assert.equal(file.bytes, body.length);
  assert.equal(file.filename, `requests-${run}.jsonl`);
  assert.equal(file.purpose, 'batch');
  assert.equal(file.status, 'processed');
  assert.equal(file.expires_at, null);
  assert.ok(Math.abs(file.created_at - Date.now() / 1000) < 120);
  assert.deepEqual({ ...(await openai.files.retrieve(file.id)) }, { ...file });
  assert.equal((await openai.files.waitForProcessing(file.id)).status, 'processed');
});

test('files.content streams the bytes back unchanged', async () => {
  const body = Buffer.alloc(200_000);
  for (let i = 0; i < body.length; i++) body[i] = (i * 7919) % 251;
  const file = await openai.files.create({ file: await toFile(body, `blob-${run}.bin`), purpose: 'user_data' });
  const response = await openai.files.content(file.id);
  assert.equal(response.headers.get('content-type'), 'application/octet-stream');
  assert.deepEqual(Buffer.from(await response.arrayBuffer()), body);
});

test('files.list pages with its cursor until has_more is false, newest first', async () => {
  const ids = [];
  for (let i = 0; i < 5; i++) {
    ids.push((await openai.files.create({ file: await toFile(Buffer.from(`line ${i}\n`), `page-${run}-${i}.txt`), purpose: 'assistants' })).id);
  }
  const seen = [];
  for await (const file of openai.files.list({ purpose: 'assistants', limit: 2 })) seen.push(file.id);
  assert.deepEqual(seen.filter(id => ids.includes(id)), [...ids].reverse());
  const first = await openai.files.list({ purpose: 'assistants', limit: 2, order: 'asc' });
  assert.equal(first.data.length, 2);
  assert.equal(first.has_more, true);
  assert.ok(first.hasNextPage());
});

test('files.delete removes the file; afterwards it is a NotFoundError', async () => {
  const file = await openai.files.create({ file: await toFile(Buffer.from('bye\n'), `bye-${run}.txt`), purpose: 'user_data' });
  assert.deepEqual({ ...(await openai.files.delete(file.id)) }, { id: file.id, object: 'file', deleted: true });
  await assert.rejects(openai.files.retrieve(file.id), e => e instanceof OpenAI.NotFoundError && e.message.includes(`No such File object: ${file.id}`));
  await assert.rejects(openai.files.content(file.id), OpenAI.NotFoundError);
  await assert.rejects(openai.files.delete(file.id), OpenAI.NotFoundError);
});

test('bad uploads are BadRequestError naming the parameter', async () => {
  const purpose = await openai.files.create({ file: await toFile(Buffer.from('x'), 'x.jsonl'), purpose: 'training' }).catch(e => e);
  assert.ok(purpose instanceof OpenAI.BadRequestError, String(purpose));
  assert.equal(purpose.param, 'purpose');
  const empty = await openai.files.create({ file: await toFile(Buffer.alloc(0), 'empty.jsonl'), purpose: 'batch' }).catch(e => e);
  assert.ok(empty instanceof OpenAI.BadRequestError, String(empty));
  assert.equal(empty.param, 'file');
  await assert.rejects(openai.files.list({ limit: 0 }), OpenAI.BadRequestError);
});
