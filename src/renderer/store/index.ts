/**
 * The renderer's one store, combined once from one slice per domain (zustand's slices
 * pattern; STYLE.md, "Renderer state"). Nothing is persisted. Components read it with
 * `useCustosStore(selector)`, one value per selector; tests make their own with
 * `createCustosStore`.
 */
import { createStore, useStore } from 'zustand'
import { createConnectionSlice, type ConnectionSlice } from './connectionSlice'
import { createNetworkSlice, type NetworkSlice } from './networkSlice'

export type CustosState = ConnectionSlice & NetworkSlice

/** A new, independent store with every slice. */
export function createCustosStore() {
  return createStore<CustosState>()((...a) => ({
    ...createConnectionSlice(...a),
    ...createNetworkSlice(...a),
  }))
}

/** The app's store. */
export const custosStore = createCustosStore()

/** Selects one value from the app's store and re-renders when it changes. */
export function useCustosStore<T>(selector: (state: CustosState) => T): T {
  return useStore(custosStore, selector)
}
