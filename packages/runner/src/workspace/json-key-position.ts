import type { JSONPath } from 'jsonc-parser';
import { textPosition } from './text-position.js';

/**
 * 1-based line and column of the property key at `location` (or of the value when it has no key, e.g. an array
 * item) in a JSON(C) text, so errors point where the reader must edit. Undefined when the path is absent.
 */
export async function jsonKeyPosition(text: string, location: JSONPath): Promise<{ line: number; column: number } | undefined> {
  // Only error messages need positions: the parser loads when one is being written.
  const { findNodeAtLocation, parseTree } = await import('jsonc-parser');
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (root === undefined) return undefined;
  const node = findNodeAtLocation(root, location);
  if (node === undefined) return undefined;
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  return textPosition(text, (key ?? node).offset);
}
