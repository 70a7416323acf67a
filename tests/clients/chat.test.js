// Non-streaming chat through the openai npm client: shape, usage arithmetic, effort, developer messages, n.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { client, Completion, thinkingModel, withoutCache } from './client.js';

const openai = client();
const question = [{ role: 'user', content: 'What is 2+2?' }];

test('a completion has the full OpenAI shape and consistent usage', async () => {
  const completion = Completion.parse(await openai.chat.completions.create({
    model: 'o3-mini', messages: question, max_completion_tokens: 12,
  }));
  assert.equal(completion.model, 'o3-mini');
  assert.equal(completion.choices.length, 1);
  assert.ok(completion.usage.completion_tokens >= 1 && completion.usage.completion_tokens <= 12);
  // Hitting the cap must say so.
  if (completion.usage.completion_tokens < 12) assert.equal(completion.choices[0].finish_reason, 'stop');
});

test('max_completion_tokens caps reasoning and answer together and reports length', async () => {
  const completion = Completion.parse(await openai.chat.completions.create({
    model: 'o3-mini', messages: question, max_completion_tokens: 1, seed: 3,
  }));
  assert.equal(completion.usage.completion_tokens, 1);
  assert.equal(completion.choices[0].finish_reason, 'length');
});

for (const effort of ['low', 'medium', 'high']) {
  test(`reasoning_effort ${effort} reports reasoning_tokens within the completion`, async () => {
    const completion = Completion.parse(await openai.chat.completions.create({
      model: 'o3-mini', messages: question, reasoning_effort: effort, max_completion_tokens: 20,
    }));
    const reasoning = completion.usage.completion_tokens_details.reasoning_tokens;
    assert.equal(typeof reasoning, 'number');
    assert.ok(reasoning <= completion.usage.completion_tokens);
    // Reasoning is never leaked into the visible answer.
    assert.ok(!completion.choices[0].message.content.includes('<think>'));
  });
}

test('an invalid reasoning_effort is a 400 naming the parameter', async () => {
  await assert.rejects(
    openai.chat.completions.create({ model: 'o3-mini', messages: question, reasoning_effort: 'extreme' }),
    e => e instanceof OpenAI.BadRequestError && e.status === 400 && e.param === 'reasoning_effort');
});

test('reasoning_content is left out unless include_reasoning asks for it', async () => {
  const completion = await openai.chat.completions.create({
    model: thinkingModel, messages: question, max_completion_tokens: 10, temperature: 0,
  });
  assert.ok(!('reasoning_content' in completion.choices[0].message));
  assert.ok(completion.usage.completion_tokens_details.reasoning_tokens > 0, 'reasoning still happened and is counted');
});

test('developer messages are accepted and counted in the prompt', async () => {
  const plain = await openai.chat.completions.create({ model: 'o3-mini', messages: question, max_completion_tokens: 2 });
  const withDeveloper = Completion.parse(await openai.chat.completions.create({
    model: 'o3-mini', messages: [{ role: 'developer', content: 'Answer in one word, always.' }, ...question], max_completion_tokens: 2,
  }));
  assert.ok(withDeveloper.usage.prompt_tokens > plain.usage.prompt_tokens,
    `developer message should add prompt tokens (${withDeveloper.usage.prompt_tokens} vs ${plain.usage.prompt_tokens})`);
});

test('n: 2 returns two indexed choices whose tokens add up in usage', async () => {
  const completion = Completion.parse(await openai.chat.completions.create({
    model: 'o3-mini', messages: question, n: 2, max_completion_tokens: 6,
  }));
  assert.deepEqual(completion.choices.map(c => c.index), [0, 1]);
  // Each choice is capped on its own; usage counts both.
  assert.ok(completion.usage.completion_tokens >= 2 && completion.usage.completion_tokens <= 12);
});

test('the same seed on an open-policy model gives the same answer', async () => {
  const request = { model: 'tiny-open', messages: question, max_completion_tokens: 8, seed: 11, temperature: 0.9 };
  const a = await openai.chat.completions.create(request);
  const b = await openai.chat.completions.create(request);
  assert.equal(a.choices[0].message.content, b.choices[0].message.content);
  // The second request's prompt comes from the prefix cache: everything but cached_tokens must agree.
  assert.deepEqual(withoutCache(a.usage), withoutCache(b.usage));
  assert.ok(b.usage.prompt_tokens_details.cached_tokens > 0, 'the repeated prompt is served from the prefix cache');
});
