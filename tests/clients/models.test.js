// The models endpoints through the openai npm client, including its auto-paginating list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { client } from './client.js';

const openai = client();

test('models.list() lists the served model, its aliases and the open model', async () => {
  const models = [];
  for await (const model of openai.models.list()) models.push(model);
  const ids = models.map(m => m.id);
  for (const id of ['deliberate-nano', 'o3-mini', 'o3-mini-high', 'tiny-open']) assert.ok(ids.includes(id), `${id} missing from ${ids}`);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  for (const model of models) {
    assert.equal(model.object, 'model');
    assert.equal(typeof model.created, 'number');
    assert.equal(typeof model.owned_by, 'string');
  }
});

test('models.retrieve() returns the same entry as the list, and 404 for an unknown id', async () => {
  const listed = (await openai.models.list()).data.find(m => m.id === 'o3-mini');
  const retrieved = await openai.models.retrieve('o3-mini');
  assert.deepEqual({ ...retrieved }, { ...listed });
  await assert.rejects(openai.models.retrieve('gpt-nothing'), OpenAI.NotFoundError);
});
