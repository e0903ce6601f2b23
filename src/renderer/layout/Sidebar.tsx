/**
 * The labelled sidebar: one button per screen, reachable with Tab, and Arrow Up/Down (or
 * Home/End) moving between them. The current screen is marked with `aria-current`.
 */
import { useRef, type KeyboardEvent } from 'react'
import { SCREENS, type ScreenId } from './screens'

export interface SidebarProps {
  current: ScreenId
  onSelect(screen: ScreenId): void
}

export function Sidebar({ current, onSelect }: SidebarProps) {
  const list = useRef<HTMLUListElement>(null)

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    const buttons = Array.from(list.current?.querySelectorAll('button') ?? [])
    const at = buttons.findIndex((b) => b === document.activeElement)
    const next =
      event.key === 'ArrowDown'
        ? (at + 1) % buttons.length
        : event.key === 'ArrowUp'
          ? (at - 1 + buttons.length) % buttons.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? buttons.length - 1
              : undefined
    if (next === undefined || buttons.length === 0) return
    event.preventDefault()
    buttons[next]?.focus()
  }

  return (
    <nav aria-label="Screens" style={{ minWidth: '11rem', borderRight: '1px solid #ccc' }}>
      <ul
        ref={list}
        onKeyDown={onKeyDown}
        style={{ listStyle: 'none', margin: 0, padding: '1rem' }}
      >
        {SCREENS.map((screen) => (
          <li key={screen.id}>
            <button
              type="button"
              aria-current={screen.id === current ? 'page' : undefined}
              onClick={() => onSelect(screen.id)}
              style={{
                width: '100%',
                textAlign: 'left',
                padding: '0.5rem',
                fontWeight: screen.id === current ? 'bold' : 'normal',
              }}
            >
              {screen.label}
              {!screen.ready && <span style={{ color: '#666' }}> (coming next)</span>}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  )
}
