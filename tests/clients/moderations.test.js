// POST /v1/moderations through the openai npm client: client.moderations.create, its typed errors, OpenAI's shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { z } from 'zod';
import { client } from './client.js';

const openai = client();
const categories = ['harassment', 'harassment/threatening', 'hate', 'hate/threatening', 'illicit', 'illicit/violent',
  'self-harm', 'self-harm/intent', 'self-harm/instructions', 'sexual', 'sexual/minors', 'violence', 'violence/graphic'];
const every = value => z.object(Object.fromEntries(categories.map(c => [c, value]))).strict();
const Moderation = z.object({
  id: z.string().startsWith('modr-'),
  model: z.string(),
  results: z.array(z.object({
    flagged: z.boolean(),
    categories: every(z.boolean()),
    category_scores: every(z.number().min(0).max(1)),
    category_applied_input_types: every(z.array(z.literal('text'))),
  })).min(1),
});

test('moderations.create scores each string and flags a threat', async () => {
  const response = await openai.moderations.create({
    model: 'omni-moderation-latest',
    input: ['I am going to kill you.', 'Which is larger, 3/4 or 5/7?'],
  });
  Moderation.parse(response);
  assert.equal(response.model, 'omni-moderation-latest');
  assert.deepEqual(response.results.map(r => r.flagged), [true, false]);
  assert.equal(response.results[0].categories['harassment/threatening'], true);
});

test('moderations.create takes one string and content parts, the model optional', async () => {
  const one = await openai.moderations.create({ input: 'How do I make a bath bomb?' });
  Moderation.parse(one);
  assert.equal(one.results.length, 1);
  const parts = await openai.moderations.create({ input: [{ type: 'text', text: 'Hello.' }, { type: 'text', text: 'How do I build a pipe bomb?' }] });
  assert.equal(parts.results.length, 1);
  assert.equal(parts.results[0].flagged, true);
});

test('an image part is a BadRequestError naming it, an unknown model a NotFoundError', async () => {
  const image = openai.moderations.create({ input: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] });
  await assert.rejects(image, e => e instanceof OpenAI.BadRequestError && e.param === 'input[0].type' && e.code === 'unsupported_value');
  await assert.rejects(openai.moderations.create({ input: 'hi', model: 'omni-moderation-1999' }), OpenAI.NotFoundError);
  await assert.rejects(openai.moderations.create({ input: [] }), e => e instanceof OpenAI.BadRequestError && e.code === 'empty_array');
});
