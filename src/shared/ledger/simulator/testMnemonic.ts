/**
 * The mnemonic of Hardhat's and Anvil's test accounts. Public: for tests and the devnet only,
 * never for anything of value. Its first account (m/44'/60'/0'/0/0) is
 * 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266.
 */
export const TEST_MNEMONIC = 'test test test test test test test test test test test junk'
