import { caseMachine } from '@tiaojie/domain';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { createMachine, type AnyStateNode } from 'xstate';
import { renderMachineSvg } from './render-machine-svg';

// --- a small element tree over fast-xml-parser, for structural assertions ---

interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}
type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

function parseSvg(svg: string): El[] {
  const valid = XMLValidator.validate(svg);
  if (valid !== true) throw new Error(`not well-formed: ${JSON.stringify(valid.err)}`);
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, ignoreDeclaration: true });
  const tree = (nodes: Ordered[]): El[] =>
    nodes.flatMap((node) => {
      const name = Object.keys(node).find((k) => k !== ':@')!;
      if (name === '#text') return [];
      const kids = node[name] as Ordered[];
      const text = kids.map((k) => ('#text' in k ? String(k['#text']) : '')).join('');
      return [{ name, attrs: node[':@'] ?? {}, children: tree(kids), text }];
    });
  return tree(parser.parse(svg) as Ordered[]);
}
const all = (els: El[]): El[] => els.flatMap((e) => [e, ...all(e.children)]);
const states = (els: El[]) => all(els).filter((e) => e.name === 'g' && e.attrs.class?.split(' ').includes('state'));
const box = (g: El) => {
  const r = g.children.find((c) => c.name === 'rect')!.attrs;
  return { x: +r.x, y: +r.y, w: +r.width, h: +r.height, fill: r.fill, dash: r['stroke-dasharray'] };
};
type Box = ReturnType<typeof box>;
const inside = (a: Box, b: Box) => a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;
const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

function stateNodes(n: AnyStateNode): AnyStateNode[] {
  return [n, ...Object.values(n.states as Record<string, AnyStateNode>).flatMap(stateNodes)];
}

// --- a synthetic machine: a parallel state with nested regions, guards, self and targetless transitions ---

const doc = createMachine({
  id: 'doc',
  initial: 'draft',
  states: {
    draft: { on: { SUBMIT: 'review', SAVE: { target: 'draft', reenter: true }, NOTE: { actions: () => undefined } } },
    review: {
      type: 'parallel',
      on: { REJECT: 'draft', DONE: { target: 'published', guard: 'allApproved' }, RESTART: '.legal' },
      states: {
        legal: {
          initial: 'pending',
          states: {
            pending: { on: { APPROVE: 'checking' } },
            checking: { initial: 'first', states: { first: { on: { NEXT: 'second' } }, second: { type: 'final' } } },
          },
        },
        tech: { initial: 'pending', states: { pending: { on: { OK: 'done' } }, done: { type: 'final' } } },
      },
    },
    published: { type: 'final' },
  },
});

describe('renderMachineSvg', () => {
  let caseSvg: string;
  let caseTree: El[];
  beforeAll(async () => {
    caseSvg = await renderMachineSvg(caseMachine);
    caseTree = parseSvg(caseSvg);
  });

  it('is one well-formed <svg> root with the SVG namespace and a viewBox', () => {
    expect(caseTree).toHaveLength(1);
    const [svg] = caseTree;
    expect(svg.name).toBe('svg');
    expect(svg.attrs.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(svg.attrs.viewBox).toMatch(/^0 0 \d+(\.\d+)? \d+(\.\d+)?$/);
    expect(svg.attrs['font-family']).toMatch(/'Noto Sans CJK SC'.*sans-serif$/);
  });

  it('draws every state of the case machine, once', () => {
    const drawn = states(caseTree).map((g) => g.attrs['data-id']);
    const ids = stateNodes(caseMachine.root).map((n) => n.id);
    expect([...drawn].sort()).toEqual([...ids].sort());
  });

  it('shows every event type of the case machine as text', () => {
    const words = new Set(all(caseTree).flatMap((e) => (e.name === 'text' ? (e.text.match(/[\w.*]+/g) ?? []) : [])));
    expect(caseMachine.events.length).toBeGreaterThan(0);
    expect(caseMachine.events.filter((type) => !words.has(type))).toEqual([]);
  });

  it('nests state boxes inside their parents, and siblings never overlap', () => {
    const problems: string[] = [];
    let compared = 0;
    const check = (g: El) => {
      const kids = g.children.filter((c) => states([c]).includes(c));
      for (const k of kids) if (!inside(box(k), box(g))) problems.push(`${k.attrs['data-id']} outside its parent`);
      for (const [i, a] of kids.entries()) {
        for (const b of kids.slice(i + 1)) {
          compared++;
          if (overlap(box(a), box(b))) problems.push(`${a.attrs['data-id']} overlaps ${b.attrs['data-id']}`);
        }
      }
      kids.forEach(check);
    };
    check(states(caseTree)[0]);
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(10);
  });

  it('highlights exactly the given state', async () => {
    const leaf = stateNodes(caseMachine.root).filter((n) => n.type === 'atomic').at(-1)!;
    const path = leaf.path.join('.');
    const lit = states(parseSvg(await renderMachineSvg(caseMachine, { highlight: path }))).filter((g) => g.attrs['data-highlighted']);
    expect(lit.map((g) => g.attrs['data-path'])).toEqual([path]);
    expect(box(lit[0]).fill).not.toBe(box(states(caseTree).find((g) => g.attrs['data-path'] === path)!).fill);
  });

  it('refuses to highlight a state the machine does not have', async () => {
    await expect(renderMachineSvg(caseMachine, { highlight: 'no.such.state' })).rejects.toThrow(RangeError);
  });

  it('is deterministic', async () => {
    expect(await renderMachineSvg(caseMachine)).toBe(caseSvg);
  });

  describe('a machine with a parallel state and nested states', () => {
    let tree: El[];
    let svg: string;
    const byPath = (p: string) => states(tree).find((g) => g.attrs['data-path'] === p)!;
    beforeAll(async () => {
      svg = await renderMachineSvg(doc, { highlight: ['review.legal.checking.first', 'review.tech.done'] });
      tree = parseSvg(svg);
    });

    it('draws the regions as dashed boxes side by side inside the parallel state', () => {
      const [legal, tech] = [byPath('review.legal'), byPath('review.tech')];
      expect(legal.attrs.class).toContain('region');
      expect(box(legal).dash).toBeDefined();
      expect(box(tech).dash).toBeDefined();
      expect(inside(box(legal), box(byPath('review')))).toBe(true);
      expect(box(legal).y).toBe(box(tech).y);
      expect(overlap(box(legal), box(tech))).toBe(false);
      expect(inside(box(byPath('review.legal.checking.first')), box(byPath('review.legal.checking')))).toBe(true);
    });

    it('marks initial and final states, guards, self loops and targetless transitions', () => {
      expect(byPath('review.tech.done').attrs.class).toContain('state-final');
      expect(all(tree).filter((e) => e.attrs.class === 'initial')).toHaveLength(4); // doc, legal, checking, tech
      const texts = all(tree).filter((e) => e.name === 'text').map((e) => e.text);
      expect(texts).toContain('[allApproved]');
      expect(texts).toContain('↺ NOTE');
      expect(texts).toContain('↘ RESTART → legal');
      const save = all(tree).find((e) => e.name === 'path' && e.attrs['data-event'] === 'SAVE')!;
      expect(save.attrs['data-source']).toBe(save.attrs['data-target']);
      const submit = all(tree).find((e) => e.name === 'path' && e.attrs['data-event'] === 'SUBMIT')!;
      expect(submit.attrs).toMatchObject({ 'data-source': 'doc.draft', 'data-target': 'doc.review', 'marker-end': 'url(#wd-arrow)' });
    });

    it('highlights one state per region', () => {
      const lit = states(tree).filter((g) => g.attrs['data-highlighted']).map((g) => g.attrs['data-path']);
      expect(lit).toEqual(['review.legal.checking.first', 'review.tech.done']);
    });
  });

  it('escapes labels and shows Chinese text as given', async () => {
    const label = '审查中 <甲方 & "乙方">';
    const svg = await renderMachineSvg(doc, { labels: { review: label, 'review.tech.pending': '技术审查' } });
    expect(svg).toContain('审查中 &lt;甲方 &amp; &quot;乙方&quot;&gt;');
    expect(svg).not.toContain('<甲方');
    const texts = all(parseSvg(svg)).filter((e) => e.name === 'text').map((e) => e.text);
    expect(texts).toEqual(expect.arrayContaining([label, '技术审查', 'review · parallel', 'pending']));
  });
});
