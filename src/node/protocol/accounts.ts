/**
 * Derived values of multi-approver accounts that every party must compute alike: an account's
 * address, and the hash that stands for a new members-and-policy in a policy-change `Action`.
 */
import { encodeRlp, encodeTyped } from './codec'
import { keccak256, toHex, utf8 } from './hash'
import type { Address, Hex, MembersAndPolicy } from './messages'

const accountTag = utf8('custos/account')

/**
 * The address of the account created by `creator`'s transaction with `nonce`: the last 20
 * bytes of keccak256(RLP(["custos/account", creator, nonce])). Nobody holds its private key;
 * it acts only through proposals its policy approves.
 */
export function accountAddress(creator: Address, nonce: bigint): Address {
  const encoded = encodeRlp([
    accountTag,
    encodeTyped('address', creator, 'creator'),
    encodeTyped('uint64', nonce, 'nonce'),
  ])
  return toHex(keccak256(encoded).slice(12)) as Address
}

/**
 * keccak256 of the canonical RLP of members, groups, policy and admin rule: the `reference` of
 * a policy-change action, so an approval names exactly the policy it approves.
 */
export function membersAndPolicyHash(value: MembersAndPolicy): Hex {
  return toHex(
    keccak256(
      encodeRlp([
        encodeTyped('address[]', value.members, 'members'),
        encodeTyped('Group[]', value.groups, 'groups'),
        encodeTyped('Rule[]', value.policy, 'policy'),
        encodeTyped('Rule[]', value.adminRule, 'adminRule'),
      ]),
    ),
  )
}
