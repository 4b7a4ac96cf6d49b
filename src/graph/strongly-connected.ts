/**
 * Tarjan's strongly connected components, iterative so that a long chain of references (thousands of schemas)
 * cannot overflow the call stack. Linear in nodes + edges.
 */
export type Successors = (id: string) => Iterable<string>;

/**
 * The components of the subgraph induced by `nodes` (edges to ids outside `nodes` are ignored), in the order
 * Tarjan's algorithm completes them: a component comes before any component that references it.
 */
export function stronglyConnectedComponents(nodes: Iterable<string>, successors: Successors): string[][] {
  const members = nodes instanceof Set ? (nodes as Set<string>) : new Set(nodes);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  const visit = (node: string, frames: Array<{ node: string; next: Iterator<string> }>): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    frames.push({ node, next: successors(node)[Symbol.iterator]() });
  };

  for (const root of members) {
    if (index.has(root)) continue;
    const frames: Array<{ node: string; next: Iterator<string> }> = [];
    visit(root, frames);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const step = frame.next.next();
      if (!step.done) {
        const target = step.value;
        if (!members.has(target)) continue;
        const targetIndex = index.get(target);
        if (targetIndex === undefined) visit(target, frames);
        else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node)!, targetIndex));
        continue;
      }
      frames.pop();
      const nodeLow = low.get(frame.node)!;
      if (nodeLow === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
      const parent = frames[frames.length - 1];
      if (parent !== undefined) low.set(parent.node, Math.min(low.get(parent.node)!, nodeLow));
    }
  }
  return components;
}
