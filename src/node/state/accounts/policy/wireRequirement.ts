/**
 * A rule's approval requirement as signed: a flat list of `Requirement` nodes whose node 0 is
 * the root and whose `children` index later nodes (`structTypes.Requirement`). Written
 * depth-first in pre-order; read in any layout that forms a tree.
 */
import { InvalidValue } from '../../../protocol/errors'
import type { Address, Requirement } from '../../../protocol/messages'
import type { ApprovalRequirement } from './types'

/**
 * Rebuilds the requirement tree, refusing (with the node's path) anything but a tree whose
 * every node except the root is the child of exactly one earlier node, and group nodes that
 * name an unknown group or a threshold outside 1 … group size.
 */
export function requirementFromWire(
  nodes: Requirement[],
  field: string,
  groups: Record<string, Address[]>,
): ApprovalRequirement {
  const parentOf = new Map<number, number>()
  const build = (index: number): ApprovalRequirement => {
    const node = nodes[index]
    const path = `${field}[${index}]`
    if (node.op === 'group') return groupNode(node, path, groups)
    if (node.op !== 'all' && node.op !== 'any')
      throw new InvalidValue(
        `${path}.op`,
        `unknown op ${JSON.stringify(node.op)}; use group, all or any`,
      )
    if (node.group !== '' || node.threshold !== 0n)
      throw new InvalidValue(path, `an '${node.op}' node has no group and threshold 0`)
    if (node.children.length === 0)
      throw new InvalidValue(`${path}.children`, `an '${node.op}' node needs children`)
    const children = node.children.map((child, j) => {
      const at = `${path}.children[${j}]`
      if (child <= BigInt(index) || child >= BigInt(nodes.length))
        throw new InvalidValue(
          at,
          `${child} must index a later node (${index + 1} to ${nodes.length - 1})`,
        )
      const c = Number(child)
      const other = parentOf.get(c)
      if (other !== undefined)
        throw new InvalidValue(at, `node ${c} is already a child of node ${other}`)
      parentOf.set(c, index)
      return build(c)
    })
    return node.op === 'all' ? { all: children } : { any: children }
  }
  const root = build(0)
  for (let i = 1; i < nodes.length; i++)
    if (!parentOf.has(i))
      throw new InvalidValue(`${field}[${i}]`, 'is not a child of any node (unreachable)')
  return root
}

function groupNode(
  node: Requirement,
  path: string,
  groups: Record<string, Address[]>,
): ApprovalRequirement {
  if (node.group === '') throw new InvalidValue(`${path}.group`, 'must name a group')
  if (!Object.hasOwn(groups, node.group))
    throw new InvalidValue(`${path}.group`, `no group named '${node.group}'`)
  if (node.children.length > 0)
    throw new InvalidValue(`${path}.children`, "must be empty for a 'group' node")
  const size = groups[node.group].length
  if (node.threshold < 1n || node.threshold > BigInt(size))
    throw new InvalidValue(
      `${path}.threshold`,
      `${node.threshold} of ${node.group} must be from 1 to ${size}, the size of the group`,
    )
  return { group: node.group, threshold: Number(node.threshold) }
}

/** Flattens a requirement tree depth-first in pre-order: node 0 is the root. */
export function requirementToWire(requirement: ApprovalRequirement): Requirement[] {
  const nodes: Requirement[] = []
  const emit = (node: ApprovalRequirement): number => {
    const index = nodes.length
    if ('group' in node) {
      nodes.push({
        op: 'group',
        group: node.group,
        threshold: BigInt(node.threshold),
        children: [],
      })
      return index
    }
    const [op, items] = 'all' in node ? ['all', node.all] : ['any', node.any]
    const placeholder: Requirement = { op, group: '', threshold: 0n, children: [] }
    nodes.push(placeholder)
    nodes[index] = { ...placeholder, children: items.map((item) => BigInt(emit(item))) }
    return index
  }
  emit(requirement)
  return nodes
}
