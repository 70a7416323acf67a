// Shared set-up for the client suites: the server under test is given by the harness
// (Deliberate.Server.Tests/Clients/NodeClientTests) through environment variables, never hard-coded.
import OpenAI from 'openai';
import { z } from 'zod';

export const baseURL = required('DELIBERATE_BASE_URL');
export const apiKey = required('DELIBERATE_API_KEY');
// A model whose prompt opens <think>, so random weights still produce reasoning, and its budget per effort.
export const thinkingModel = required('DELIBERATE_THINKING_MODEL');
// logit_bias that keeps the random test model from opening a refusal (open-policy models only).
export const noRefusalBias = JSON.parse(required('DELIBERATE_NO_REFUSAL_BIAS'));
export const thinkingBudgets = Object.fromEntries(required('DELIBERATE_THINKING_BUDGETS').split(',')
  .map(pair => pair.split(':')).map(([effort, tokens]) => [effort, Number(tokens)]));

// No retries: a retried 5xx would hide a server fault behind a later success.
export function client(options = {}) {
  return new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60_000, ...options });
}

// What every completion's usage must satisfy; zod reports the exact path of a missing or mistyped field.
export const Usage = z.object({
  prompt_tokens: z.number().int().positive(),
  completion_tokens: z.number().int().nonnegative(),
  total_tokens: z.number().int().positive(),
  prompt_tokens_details: z.object({ cached_tokens: z.number().int().nonnegative() }),
  completion_tokens_details: z.object({ reasoning_tokens: z.number().int().nonnegative() }),
}).refine(u => u.total_tokens === u.prompt_tokens + u.completion_tokens, 'total_tokens = prompt + completion')
  .refine(u => u.completion_tokens_details.reasoning_tokens <= u.completion_tokens, 'reasoning is part of completion');

export const Completion = z.object({
  id: z.string().startsWith('chatcmpl-'),
  object: z.literal('chat.completion'),
  created: z.number().int().positive(),
  model: z.string(),
  choices: z.array(z.object({
    index: z.number().int().nonnegative(),
    finish_reason: z.enum(['stop', 'length']),
    message: z.object({ role: z.literal('assistant'), content: z.string(), refusal: z.null(), reasoning_content: z.string().optional() }),
  })).min(1),
  usage: Usage,
});

export const Chunk = z.object({
  id: z.string().startsWith('chatcmpl-'),
  object: z.literal('chat.completion.chunk'),
  created: z.number().int().positive(),
  model: z.string(),
  choices: z.array(z.object({
    index: z.number().int().nonnegative(),
    delta: z.object({ role: z.literal('assistant').optional(), content: z.string().nullish(), reasoning_content: z.string().optional() }),
    finish_reason: z.enum(['stop', 'length']).nullable(),
  })),
  usage: Usage.nullish(),
});

// Usage with cached_tokens taken out: a repeated prompt is served from the prefix cache, the rest must not change.
export function withoutCache(usage) {
  const { prompt_tokens_details: details, ...rest } = usage;
  const { cached_tokens: _cached, ...other } = details;
  return { ...rest, prompt_tokens_details: other };
}

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these tests through Deliberate.Server.Tests (NodeClientTests)`);
  return value;
}
