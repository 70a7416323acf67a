// Structured Outputs and function calling through the openai npm client, with its zod helpers: the server's
// grammar makes the constrained parts valid whatever the (random-weight) model thinks first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { z } from 'zod';
import { zodFunction, zodResponseFormat } from 'openai/helpers/zod';
import { client, noRefusalBias } from './client.js';

const openai = client();
const Verdict = z.object({ answer: z.number().int(), sure: z.boolean(), unit: z.enum(['m', 's', 'kg']) });
const Weather = z.object({ city: z.enum(['Oslo', 'Lima', 'Pune']), days: z.number().int() });

test('chat.completions.parse returns a parsed object for a strict zod schema', async () => {
  for (let seed = 1; seed <= 3; seed++) {
    const completion = await openai.chat.completions.parse({
      // Open policy, so logit_bias can keep the random weights from refusing (refusals: RefusalTests).
      model: 'tiny-open', messages: [{ role: 'user', content: 'How far? JSON.' }], max_completion_tokens: 600, seed,
      logit_bias: noRefusalBias, response_format: zodResponseFormat(Verdict, 'verdict'),
    });
    const message = completion.choices[0].message;
    assert.equal(completion.choices[0].finish_reason, 'stop');
    assert.equal(message.refusal, null);
    assert.deepEqual(Object.keys(message.parsed), ['answer', 'sure', 'unit']);
    Verdict.parse(message.parsed);
  }
});

test('json_object answers parse as objects', async () => {
  const completion = await openai.chat.completions.create({
    model: 'o3-mini', messages: [{ role: 'user', content: 'Reply in JSON.' }], max_completion_tokens: 300, seed: 2,
    response_format: { type: 'json_object' },
  });
  const choice = completion.choices[0];
  if (choice.message.refusal !== null) assert.equal(choice.message.content, null);
  else if (choice.finish_reason === 'stop') assert.equal(typeof JSON.parse(choice.message.content), 'object');
  else assert.ok(choice.message.content.startsWith('{'));
});

test('tool_choice required calls a declared tool with schema-valid arguments (zodFunction, parsed)', async () => {
  const completion = await openai.chat.completions.parse({
    model: 'o3-mini', messages: [{ role: 'user', content: 'Weather in Oslo?' }], max_completion_tokens: 200,
    tools: [zodFunction({ name: 'get_weather', parameters: Weather })], tool_choice: 'required',
  });
  const choice = completion.choices[0];
  assert.equal(choice.finish_reason, 'tool_calls');
  const call = choice.message.tool_calls[0];
  assert.match(call.id, /^call_/);
  assert.equal(call.function.name, 'get_weather');
  Weather.parse(call.function.parsed_arguments);
});

test('a named tool_choice calls exactly that tool', async () => {
  const completion = await openai.chat.completions.create({
    model: 'o3-mini', messages: [{ role: 'user', content: 'Weather in Lima?' }], max_completion_tokens: 200,
    tools: [zodFunction({ name: 'get_weather', parameters: Weather }), { type: 'function', function: { name: 'get_time' } }],
    tool_choice: { type: 'function', function: { name: 'get_time' } },
  });
  assert.deepEqual(completion.choices[0].message.tool_calls.map(c => c.function.name), ['get_time']);
  assert.deepEqual(JSON.parse(completion.choices[0].message.tool_calls[0].function.arguments), {});
});

test('streamed tool calls reassemble with the stream helper', async () => {
  const stream = openai.chat.completions.stream({
    model: 'o3-mini', messages: [{ role: 'user', content: 'Weather in Pune?' }], max_completion_tokens: 200,
    tools: [zodFunction({ name: 'get_weather', parameters: Weather })], tool_choice: 'required',
  });
  let deltas = 0;
  stream.on('chunk', chunk => { deltas += chunk.choices[0]?.delta?.tool_calls?.length ?? 0; });
  const completion = await stream.finalChatCompletion();
  const call = completion.choices[0].message.tool_calls[0];
  assert.equal(completion.choices[0].finish_reason, 'tool_calls');
  assert.ok(deltas >= 2, 'name and arguments arrive in separate deltas');
  Weather.parse(call.function.parsed_arguments);
});

test('runTools runs a tool loop: the call, our result, then an answer', async () => {
  const calls = [];
  const runner = openai.chat.completions.runTools({
    // Random weights pad the JSON with whitespace where the grammar allows it: room for that.
    model: 'o3-mini', messages: [{ role: 'user', content: 'Weather in Oslo?' }], max_completion_tokens: 600,
    tool_choice: { type: 'function', function: { name: 'get_weather' } },
    tools: [{ type: 'function', function: { name: 'get_weather', parameters: z.toJSONSchema(Weather), parse: JSON.parse,
      function: args => { calls.push(Weather.parse(args)); return { forecast: 'sun' }; } } }],
  }, { maxChatCompletions: 3 });
  await runner.finalChatCompletion();
  assert.ok(calls.length >= 1);
  const toolMessages = runner.messages.filter(m => m.role === 'tool');
  assert.ok(toolMessages.length >= 1);
  assert.match(toolMessages[0].tool_call_id, /^call_/);
});

test('invalid schemas and tool definitions are 400s naming the parameter', async () => {
  const bad = [
    [{ tools: [{ type: 'function', function: { name: 'no spaces allowed' } }] }, 'tools[0].function.name'],
    [{ response_format: { type: 'json_schema', json_schema: { name: 'x', strict: true, schema: { type: 'object', properties: { a: { type: 'string' } } } } } }, 'response_format'],
    [{ tool_choice: 'required' }, 'tool_choice'],
  ];
  for (const [fields, param] of bad) {
    await assert.rejects(
      openai.chat.completions.create({ model: 'o3-mini', messages: [{ role: 'user', content: 'hi' }], ...fields }),
      e => e instanceof OpenAI.BadRequestError && e.status === 400 && e.param === param);
  }
});
