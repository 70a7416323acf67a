// reasoning_effort budgets, seen through the openai npm client on the model whose prompt opens <think>:
// reasoning runs until the budget forces </think>, then an answer follows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client, Chunk, Completion, thinkingBudgets, thinkingModel } from './client.js';

const openai = client();
const question = [{ role: 'user', content: 'What is 2+2?' }];
// Tokens of the forced close that count as reasoning ("\n", "</think>") in the synthetic vocabulary.
const closing = 2;

for (const [effort, budget] of Object.entries(thinkingBudgets)) {
  test(`reasoning_effort ${effort} caps reasoning at its budget (${budget}) and still answers`, async () => {
    const completion = Completion.parse(await openai.chat.completions.create({
      model: thinkingModel, messages: question, reasoning_effort: effort, include_reasoning: true, max_completion_tokens: 20, temperature: 0,
    }));
    const reasoning = completion.usage.completion_tokens_details.reasoning_tokens;
    // The prompt opens <think>, so reasoning runs until the budget forces the close: the budget's tokens plus the
    // forced "\n</think>" (hidden tokens count as reasoning, as OpenAI counts them).
    assert.ok(reasoning >= budget && reasoning <= budget + closing, `${reasoning} reasoning tokens for a budget of ${budget}`);
    assert.ok(completion.usage.completion_tokens > reasoning, 'an answer follows the forced end of reasoning');
    const message = completion.choices[0].message;
    assert.equal(typeof message.reasoning_content, 'string');
    assert.ok(message.reasoning_content.length > 0);
    assert.ok(!message.content.includes('</think>'));
  });
}

test('a streamed answer starts only after the budget closes reasoning', async () => {
  const chunks = [];
  for await (const chunk of await openai.chat.completions.create({
    model: thinkingModel, messages: question, stream: true, stream_options: { include_usage: true }, include_reasoning: true,
    reasoning_effort: 'low', max_completion_tokens: 16, temperature: 0,
  })) chunks.push(Chunk.parse(chunk));
  const deltas = chunks.flatMap(c => c.choices).map(c => c.delta);
  const usage = chunks.at(-1).usage;
  assert.ok(usage.completion_tokens_details.reasoning_tokens <= thinkingBudgets.low + closing,
    `low effort spent ${usage.completion_tokens_details.reasoning_tokens} reasoning tokens (budget ${thinkingBudgets.low})`);
  assert.ok(deltas.some(d => d.content), 'answer text follows the forced end of reasoning');
});
