/** The app's screens, in sidebar order; only those marked `ready` have content yet. */

export type ScreenId = 'network' | 'treasury' | 'trades' | 'policies' | 'governance' | 'records'

export interface ScreenEntry {
  id: ScreenId
  label: string
  ready: boolean
}

export const SCREENS: readonly ScreenEntry[] = [
  { id: 'network', label: 'Network', ready: true },
  { id: 'treasury', label: 'Treasury', ready: false },
  { id: 'trades', label: 'Trades', ready: false },
  { id: 'policies', label: 'Policies', ready: false },
  { id: 'governance', label: 'Governance', ready: false },
  { id: 'records', label: 'Records', ready: false },
]
