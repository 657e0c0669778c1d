import { createContext, useContext } from 'react';
import type { NodeTypeInfo } from '../api/types.ts';

const CatalogueContext = createContext<ReadonlyMap<string, NodeTypeInfo>>(new Map());

export const CatalogueProvider = CatalogueContext.Provider;

export function useNodeTypeInfo(type: string): NodeTypeInfo | undefined {
  return useContext(CatalogueContext).get(type);
}
