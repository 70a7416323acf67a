// Streaming through the openai npm client: chunk shape, reassembly, the final usage chunk, and abort.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client, Chunk, Completion, thinkingModel, withoutCache } from './client.js';

const openai = client();
const messages = [{ role: 'user', content: 'Say hello.' }];

async function collect(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(Chunk.parse(chunk));
  return chunks;
}

test('streamed deltas reassemble into the content and end with a usage chunk', async () => {
  const chunks = await collect(await openai.chat.completions.create({
    model: 'o3-mini', messages, stream: true, stream_options: { include_usage: true }, max_completion_tokens: 12,
  }));
  assert.ok(chunks.length >= 3, `only ${chunks.length} chunks`);
  const ids = new Set(chunks.map(c => c.id));
  assert.equal(ids.size, 1, 'every chunk carries the same id');

  const [usageChunk, ...rest] = [chunks.at(-1), ...chunks.slice(0, -1)];
  assert.equal(usageChunk.choices.length, 0, 'the usage chunk has no choices');
  assert.ok(usageChunk.usage, 'the last chunk carries usage');
  assert.ok(rest.every(c => c.usage == null), 'only the last chunk carries usage');

  const deltas = rest.flatMap(c => c.choices);
  assert.equal(deltas[0].delta.role, 'assistant', 'the first delta names the role');
  assert.equal(deltas.filter(d => d.delta.role).length, 1, 'the role is sent once');
  const finishes = deltas.filter(d => d.finish_reason !== null);
  assert.equal(finishes.length, 1, 'exactly one finish_reason');
  assert.equal(deltas.at(-1).finish_reason, finishes[0].finish_reason, 'finish_reason comes last');

  const text = deltas.map(d => d.delta.content ?? '').join('');
  assert.ok(!text.includes('<think>') && !text.includes('</think>'), 'reasoning never appears in content');
  const { completion_tokens } = usageChunk.usage;
  assert.ok(completion_tokens >= 1 && completion_tokens <= 12);
  if (finishes[0].finish_reason === 'length') assert.equal(completion_tokens, 12);
});

test('a stream without include_usage sends no usage at all', async () => {
  const chunks = await collect(await openai.chat.completions.create({
    model: 'o3-mini', messages, stream: true, max_completion_tokens: 4,
  }));
  assert.ok(chunks.length >= 2);
  assert.ok(chunks.every(c => c.usage == null && c.choices.length === 1));
});

test('the same seeded request streamed and not streamed gives the same text and usage', async () => {
  const request = { model: 'tiny-open', messages, max_completion_tokens: 10, seed: 9, temperature: 0.7 };
  const whole = Completion.parse(await openai.chat.completions.create(request));
  const chunks = await collect(await openai.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } }));
  const streamed = chunks.flatMap(c => c.choices).map(d => d.delta.content ?? '').join('');
  assert.equal(streamed, whole.choices[0].message.content);
  assert.deepEqual(withoutCache(chunks.at(-1).usage), withoutCache(whole.usage));
});

test('n: 2 streams two choices, each with its own role and finish_reason', async () => {
  const chunks = await collect(await openai.chat.completions.create({
    model: 'o3-mini', messages, n: 2, stream: true, stream_options: { include_usage: true }, max_completion_tokens: 5,
  }));
  for (const index of [0, 1]) {
    const mine = chunks.flatMap(c => c.choices).filter(d => d.index === index);
    assert.equal(mine.filter(d => d.delta.role).length, 1, `choice ${index} role`);
    assert.equal(mine.filter(d => d.finish_reason).length, 1, `choice ${index} finish_reason`);
  }
  assert.ok(chunks.at(-1).usage.completion_tokens >= 2);
});

test('aborting mid-stream ends the iteration and the server serves the next request', async () => {
  // Greedy decoding on this prompt loops without ever ending, so only the abort can stop the 400-token stream.
  const controller = new AbortController();
  const stream = await openai.chat.completions.create(
    { model: 'tiny-open', messages: [{ role: 'user', content: 'Name a colour.' }], temperature: 0, stream: true, max_completion_tokens: 400 },
    { signal: controller.signal });
  const received = [];
  // openai-node ends the iteration quietly on a user abort (it rethrows any other error); chunks it had
  // already read off the socket may still be yielded after the abort.
  for await (const chunk of stream) {
    received.push(Chunk.parse(chunk));
    if (received.length === 2) controller.abort();
  }
  assert.ok(received.length >= 2 && received.length < 100, `${received.length} chunks: the stream was not cut short`);
  assert.ok(received.every(c => c.choices.every(d => d.finish_reason === null)), 'the stream was cut before it finished');

  const next = Completion.parse(await openai.chat.completions.create({ model: 'o3-mini', messages, max_completion_tokens: 3 }));
  assert.equal(next.choices.length, 1);
});

test('streamed reasoning arrives in reasoning_content deltas, never in content, and counted in usage', async () => {
  const chunks = [];
  for await (const chunk of await openai.chat.completions.create({
    model: thinkingModel, messages, stream: true, stream_options: { include_usage: true }, include_reasoning: true,
    reasoning_effort: 'low', max_completion_tokens: 16, temperature: 0,
  })) chunks.push(chunk);
  const deltas = chunks.flatMap(c => c.choices).map(c => c.delta);
  const reasoning = deltas.map(d => d.reasoning_content ?? '').join('');
  const content = deltas.map(d => d.content ?? '').join('');
  assert.ok(reasoning.length > 0, 'a prompt that opens <think> yields reasoning');
  assert.ok(!content.includes('<think>') && !content.includes('</think>'));
  const firstAnswer = deltas.findIndex(d => d.content);
  const lastReasoning = deltas.findLastIndex(d => d.reasoning_content);
  if (firstAnswer >= 0) assert.ok(lastReasoning < firstAnswer, 'the answer starts after reasoning ends');
  assert.ok(chunks.at(-1).usage.completion_tokens_details.reasoning_tokens > 0);
});
