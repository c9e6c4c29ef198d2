import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { errorCodes } from 'fastify';
import { ZodValidationException } from 'nestjs-zod';
import { z } from 'zod';
import { describeError } from './describe-error';
import { AllTargetsFailedError, InvalidRequestError, ModelNotFoundError } from './gateway-error';

const LIMIT = 10 * 1024 * 1024;

describe('describeError', () => {
  describe('gateway errors', () => {
    it('passes status, kind, code, message and param through', () => {
      expect(
        describeError(new InvalidRequestError("'model' is required.", 'model'), LIMIT),
      ).toEqual({
        status: 400,
        kind: 'invalid_request',
        code: 'invalid_request',
        message: "'model' is required.",
        param: 'model',
      });
    });

    it('keeps the status of subclasses', () => {
      expect(describeError(new ModelNotFoundError('gpt-9'), LIMIT)).toMatchObject({
        status: 404,
        kind: 'not_found',
        code: 'model_not_found',
        param: 'model',
      });
      expect(
        describeError(new AllTargetsFailedError('m', ['a: timeout'], 429), LIMIT),
      ).toMatchObject({ status: 429, kind: 'rate_limit', code: 'all_targets_rate_limited' });
    });
  });

  describe('Fastify body errors', () => {
    it('reports invalid JSON as 400 invalid_json', () => {
      const d = describeError(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), LIMIT);
      expect(d).toMatchObject({ status: 400, kind: 'invalid_request', code: 'invalid_json' });
      expect(d.message).toMatch(/not valid JSON/);
    });

    it('reports an empty JSON body as 400 invalid_json', () => {
      const d = describeError(new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), LIMIT);
      expect(d).toMatchObject({ status: 400, code: 'invalid_json' });
    });

    it('reports a body over the limit as 413, naming the limit', () => {
      const d = describeError(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(), 1048576);
      expect(d).toMatchObject({
        status: 413,
        kind: 'request_too_large',
        code: 'request_too_large',
      });
      expect(d.message).toContain('1048576 bytes');
    });

    it('reports an unsupported Content-Type as 415', () => {
      const d = describeError(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE('text/plain'), LIMIT);
      expect(d).toMatchObject({
        status: 415,
        kind: 'invalid_request',
        code: 'unsupported_media_type',
      });
      expect(d.message).toContain('application/json');
    });

    it('reports a Content-Length mismatch as 400', () => {
      const d = describeError(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH(), LIMIT);
      expect(d).toMatchObject({ status: 400, code: 'invalid_content_length' });
    });

    it('reports a JSON SyntaxError as 400 invalid_json with the parser message', () => {
      let syntax: unknown;
      try {
        JSON.parse('{"model": ');
      } catch (err) {
        syntax = err;
      }
      const d = describeError(syntax, LIMIT);
      expect(d).toMatchObject({ status: 400, kind: 'invalid_request', code: 'invalid_json' });
      expect(d.message).toMatch(/^Request body is not valid JSON: /);
    });

    it('passes other 4xx framework errors through with their status', () => {
      const err = Object.assign(new Error('Method not allowed'), {
        statusCode: 405,
        code: 'FST_ERR_X',
      });
      expect(describeError(err, LIMIT)).toEqual({
        status: 405,
        kind: 'invalid_request',
        code: 'FST_ERR_X',
        message: 'Method not allowed',
      });
    });
  });

  describe('Nest HTTP exceptions', () => {
    it('turns NotFoundException into 404 not_found', () => {
      expect(describeError(new NotFoundException('Cannot GET /v1/nope'), LIMIT)).toEqual({
        status: 404,
        kind: 'not_found',
        code: 'not_found',
        message: 'Cannot GET /v1/nope',
      });
    });

    it('joins a class-validator style message list', () => {
      const d = describeError(
        new BadRequestException(['name must be a string', 'x is bad']),
        LIMIT,
      );
      expect(d).toMatchObject({ status: 400, code: 'invalid_request' });
      expect(d.message).toBe('name must be a string; x is bad');
    });

    it('uses a plain string response as the message', () => {
      const d = describeError(new HttpException('Slow down', 429), LIMIT);
      expect(d).toMatchObject({ status: 429, kind: 'rate_limit', message: 'Slow down' });
    });

    it('names each failing field of a nestjs-zod validation error', () => {
      const schema = z.object({ id: z.string(), base_url: z.url(), retries: z.number() });
      const result = schema.safeParse({ id: 'p', base_url: 'nope', retries: 'two' });
      if (result.success) throw new Error('expected the schema to fail');

      const d = describeError(new ZodValidationException(result.error), LIMIT);
      expect(d.status).toBe(400);
      expect(d.kind).toBe('invalid_request');
      expect(d.message).toMatch(/^Invalid request body: /);
      expect(d.message).toMatch(/base_url: /);
      expect(d.message).toMatch(/retries: /);
      expect(d.message).not.toContain('Validation failed');
    });
  });

  describe('anything else', () => {
    it.each([
      ['an Error', new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2')],
      ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'secret')")],
      ['an error with a 5xx statusCode', Object.assign(new Error('db down'), { statusCode: 503 })],
      ['a string', 'hunter2'],
      ['undefined', undefined],
    ])('hides %s behind a generic 500', (_label, err) => {
      const d = describeError(err, LIMIT);
      expect(d).toEqual({
        status: 500,
        kind: 'internal',
        code: 'internal_error',
        message: 'The gateway hit an internal error.',
      });
    });
  });
});
