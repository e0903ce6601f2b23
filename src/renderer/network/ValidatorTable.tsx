/** The validator set with each validator's voting power and its share of the total. */
import type { NetworkStatus } from '../../shared/ipc'
import { powerShare, shortHex } from './format'

export interface ValidatorTableProps {
  validators: NetworkStatus['validators']
  totalVotingPower: string
}

export function ValidatorTable({ validators, totalVotingPower }: ValidatorTableProps) {
  return (
    <section aria-labelledby="validators-heading">
      <h2 id="validators-heading">Validators ({validators.length})</h2>
      <table data-testid="validators">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Address</th>
            <th scope="col">Power</th>
            <th scope="col">Share</th>
          </tr>
        </thead>
        <tbody>
          {validators.map((v) => (
            <tr key={v.address}>
              <td>{v.name ?? '—'}</td>
              <td title={v.address}>{shortHex(v.address)}</td>
              <td>{v.power}</td>
              <td>{powerShare(v.power, totalVotingPower)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
