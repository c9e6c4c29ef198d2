import { ConfigSnapshotService } from '../../src/providers/config-snapshot.service';
import { addKey, addModel, addProvider, closedPortUrl } from '../support/config';
import { expectOpenAIError } from '../support/expect';
import { Gateway, startGateway } from '../support/gateway';

interface RuleView {
  id: string;
  model: string | null;
  position: number;
  when: string;
  targets: { provider: string; model?: string }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** /admin/rules: routing rules one at a time, validated as CEL when they are written. */
describe('admin rules API', () => {
  let gateway: Gateway;
  let snapshot: ConfigSnapshotService;

  beforeAll(async () => {
    gateway = await startGateway();
    snapshot = gateway.app.get(ConfigSnapshotService);
    const nowhere = await closedPortUrl();
    await addProvider(gateway, 'cheap', nowhere);
    await addProvider(gateway, 'big', nowhere);
    await addModel(gateway, 'chat', [{ provider: 'cheap', model: 'small-v1' }]);
  });

  afterAll(async () => {
    await gateway?.close();
  });

  describe('create, list, update, delete', () => {
    let globalRule: RuleView;
    let first: RuleView;
    let second: RuleView;

    it('POST without a model appends a global rule (map shorthand targets are normalized)', async () => {
      const result = await gateway.admin<RuleView>('POST', '/admin/rules', {
        when: 'Hour >= 22 || Hour < 6',
        targets: { cheap: 'night-model' },
      });
      expect(result.status).toBe(201);
      globalRule = result.body;
      expect(globalRule).toEqual({
        id: expect.stringMatching(UUID),
        model: null,
        position: 0,
        when: 'Hour >= 22 || Hour < 6',
        targets: [{ provider: 'cheap', model: 'night-model' }],
      });
    });

    it('POST with a model appends to that model’s rules, in order', async () => {
      first = await gateway.adminOk<RuleView>('POST', '/admin/rules', {
        model: 'chat',
        when: 'TokenCount > 32000',
        targets: [{ provider: 'big', model: 'large-v1' }],
      });
      second = await gateway.adminOk<RuleView>('POST', '/admin/rules', {
        model: 'chat',
        when: 'Headers["x-tier"] == "gold"',
        targets: [{ provider: 'big' }],
      });
      expect([first.model, first.position]).toEqual(['chat', 0]);
      expect([second.model, second.position]).toEqual(['chat', 1]);
      expect(second.targets).toEqual([{ provider: 'big' }]);
    });

    it('the running configuration has the rules at once, compiled', () => {
      const current = snapshot.current;
      expect(current.globalRules.map((r) => r.id)).toEqual([globalRule.id]);
      const rules = current.models.get('chat')!.rules;
      expect(rules.map((r) => r.id)).toEqual([first.id, second.id]);
      expect(rules[0].compiled.usesTokenCount).toBe(true);
    });

    it('GET lists global rules first, then each model’s by position; ?model= filters', async () => {
      const all = await gateway.admin<RuleView[]>('GET', '/admin/rules');
      expect(all.status).toBe(200);
      expect(all.body.map((r) => r.id)).toEqual([globalRule.id, first.id, second.id]);

      const forModel = await gateway.adminOk<RuleView[]>('GET', '/admin/rules?model=chat');
      expect(forModel.map((r) => r.id)).toEqual([first.id, second.id]);
      const globalOnly = await gateway.adminOk<RuleView[]>('GET', '/admin/rules?model=');
      expect(globalOnly).toEqual([globalRule]);
      expect(await gateway.adminOk('GET', '/admin/rules?model=unknown')).toEqual([]);
    });

    it('the model view shows its rules with their ids', async () => {
      const model = await gateway.adminOk<{ rules: { id: string; when: string }[] }>(
        'GET',
        '/admin/models/chat',
      );
      expect(model.rules).toEqual([
        { id: first.id, when: first.when, targets: first.targets },
        { id: second.id, when: second.when, targets: second.targets },
      ]);
    });

    it('PUT replaces when and targets; the rule keeps its model and place', async () => {
      const result = await gateway.admin<RuleView>('PUT', `/admin/rules/${first.id}`, {
        when: 'TokenCount > 64000 && !Stream',
        targets: { big: 'huge-v2' },
      });
      expect(result.status).toBe(200);
      expect(result.body).toEqual({
        id: first.id,
        model: 'chat',
        position: 0,
        when: 'TokenCount > 64000 && !Stream',
        targets: [{ provider: 'big', model: 'huge-v2' }],
      });
      expect(snapshot.current.models.get('chat')!.rules[0].when).toBe(
        'TokenCount > 64000 && !Stream',
      );
    });

    it('DELETE removes a rule (204), and a second DELETE is a 404', async () => {
      const removed = await gateway.admin('DELETE', `/admin/rules/${second.id}`);
      expect(removed.status).toBe(204);
      const left = await gateway.adminOk<RuleView[]>('GET', '/admin/rules?model=chat');
      expect(left.map((r) => r.id)).toEqual([first.id]);
      expect(snapshot.current.models.get('chat')!.rules.map((r) => r.id)).toEqual([first.id]);

      const again = await gateway.admin('DELETE', `/admin/rules/${second.id}`);
      expectOpenAIError(again, 404, { code: 'rule_not_found' });
    });

    it('a new rule goes after the remaining ones', async () => {
      const third = await gateway.adminOk<RuleView>('POST', '/admin/rules', {
        model: 'chat',
        when: 'HasImages',
        targets: [{ provider: 'big' }],
      });
      expect(third.position).toBe(1);
    });
  });

  describe('validation', () => {
    it.each([
      ['a syntax error', 'TokenCount >', /Unexpected token: EOF[\s\S]*\^/],
      ['an unknown variable', 'Tokens > 1000', /Unknown variable: Tokens/],
      ['a type error', 'Model > 3', /no such overload: string > int/],
      ['an expression that is not bool', 'TokenCount * 2', /must be a bool expression/],
    ])('%s is a 400 naming `when` with the parser message', async (_, when, message) => {
      const result = await gateway.admin('POST', '/admin/rules', {
        when,
        targets: { cheap: 'x' },
      });
      const error = expectOpenAIError(result, 400);
      expect(error.message).toContain('when');
      expect(error.message).toMatch(message);
    });

    it('an invalid rule is refused on PUT too, and the stored one stays', async () => {
      const rule = await gateway.adminOk<RuleView>('POST', '/admin/rules', {
        when: 'Stream',
        targets: { cheap: 'x' },
      });
      const result = await gateway.admin('PUT', `/admin/rules/${rule.id}`, {
        when: 'Stream ==',
        targets: { cheap: 'x' },
      });
      expectOpenAIError(result, 400);
      const stored = await gateway.adminOk<RuleView[]>('GET', '/admin/rules?model=');
      expect(stored.find((r) => r.id === rule.id)?.when).toBe('Stream');
    });

    it('an invalid rule inside a model is refused by /admin/models', async () => {
      const result = await gateway.admin('PUT', '/admin/models/chat', {
        name: 'chat',
        targets: [{ provider: 'cheap', model: 'small-v1' }],
        rules: [{ when: 'Key.name = "ci"', targets: { big: 'x' } }],
      });
      const error = expectOpenAIError(result, 400);
      expect(error.message).toContain('rules.0.when');
    });

    it('a target naming an unknown provider is a 400', async () => {
      const result = await gateway.admin('POST', '/admin/rules', {
        when: 'Stream',
        targets: [{ provider: 'nope' }],
      });
      const error = expectOpenAIError(result, 400, { code: 'provider_not_found' });
      expect(error.message).toContain("'nope'");
    });

    it('a rule for a model that does not exist is a 404', async () => {
      const result = await gateway.admin('POST', '/admin/rules', {
        model: 'no-such-model',
        when: 'Stream',
        targets: [{ provider: 'cheap' }],
      });
      expectOpenAIError(result, 404, { code: 'model_not_found' });
    });

    it('an unknown rule id is a 404, whatever its form', async () => {
      const body = { when: 'Stream', targets: [{ provider: 'cheap' }] };
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        expectOpenAIError(await gateway.admin('PUT', `/admin/rules/${id}`, body), 404, {
          code: 'rule_not_found',
        });
      }
    });

    it('unknown fields are refused', async () => {
      const result = await gateway.admin('POST', '/admin/rules', {
        when: 'Stream',
        targets: [{ provider: 'cheap' }],
        priority: 3,
      });
      expectOpenAIError(result, 400);
    });
  });

  it('is for admins only', async () => {
    const userKey = await addKey(gateway, 'rules-user');
    const response = await gateway.fetch('/admin/rules', {
      headers: { authorization: `Bearer ${userKey}` },
    });
    expect(response.status).toBe(403);
  });
});
