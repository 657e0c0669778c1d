import { EgressPolicy } from '../../runtime/engine/egress.ts';

/**
 * What tests open in the egress guard: loopback, where their HTTP stubs listen (the product denies it
 * by default). Tests of the guard itself leave it out.
 */
export const TEST_EGRESS_ALLOW = ['127.0.0.1'];

/** An egress policy that lets requests reach the tests' stubs on loopback. */
export const loopbackEgress = () => new EgressPolicy(TEST_EGRESS_ALLOW);
