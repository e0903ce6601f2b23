import { contextBridge, ipcRenderer } from 'electron'
import { CUSTOS_BRIDGE_VERSION, type CustosBridge } from '../shared/bridge'
import type { IpcChannel, IpcRequest, IpcResponse } from '../shared/ipc'

function invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>> {
  return ipcRenderer.invoke(channel, request) as Promise<IpcResponse<C>>
}

const bridge: CustosBridge = {
  version: CUSTOS_BRIDGE_VERSION,
  appInfo: () => invoke('custos:app-info', {}),
}

contextBridge.exposeInMainWorld('custos', bridge)
