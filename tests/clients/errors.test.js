// OpenAI's error envelope, as the openai npm client maps it onto its typed error classes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { client } from './client.js';

const openai = client();
const messages = [{ role: 'user', content: 'hi' }];

test('an unknown model is a NotFoundError with code model_not_found', async () => {
  await assert.rejects(openai.chat.completions.create({ model: 'no-such-model', messages }), e => {
    assert.ok(e instanceof OpenAI.NotFoundError, `got ${e.constructor.name}`);
    assert.equal(e.status, 404);
    assert.equal(e.code, 'model_not_found');
    assert.equal(e.type, 'invalid_request_error');
    assert.match(e.message, /no-such-model/);
    return true;
  });
});

test('temperature on o3-mini is a BadRequestError: unsupported_parameter naming the param', async () => {
  await assert.rejects(openai.chat.completions.create({ model: 'o3-mini', messages, temperature: 0.5 }), e => {
    assert.ok(e instanceof OpenAI.BadRequestError, `got ${e.constructor.name}`);
    assert.equal(e.status, 400);
    assert.equal(e.code, 'unsupported_parameter');
    assert.equal(e.param, 'temperature');
    return true;
  });
});

test('a streaming request is rejected before any chunk, as a typed error', async () => {
  await assert.rejects(openai.chat.completions.create({ model: 'o3-mini', messages, top_p: 0.5, stream: true }), e => {
    assert.ok(e instanceof OpenAI.BadRequestError, `got ${e.constructor.name}`);
    assert.equal(e.param, 'top_p');
    return true;
  });
});

test('a wrong API key is an AuthenticationError', async () => {
  const stranger = client({ apiKey: 'sk-not-a-real-key' });
  await assert.rejects(stranger.chat.completions.create({ model: 'o3-mini', messages }), e => {
    assert.ok(e instanceof OpenAI.AuthenticationError, `got ${e.constructor.name}`);
    assert.equal(e.status, 401);
    assert.equal(e.code, 'invalid_api_key');
    return true;
  });
  await assert.rejects(stranger.models.list(), OpenAI.AuthenticationError);
});

test('every error carries an x-request-id the client exposes', async () => {
  await assert.rejects(openai.models.retrieve('no-such-model'), e => {
    assert.ok(e instanceof OpenAI.NotFoundError);
    assert.equal(typeof e.requestID, 'string');
    assert.ok(e.requestID.length > 0);
    return true;
  });
});
