/**
 * A throwaway grid PKI for tests and demos ONLY: a CA, a host certificate for localhost, a user
 * with proxies (plain, VOMS, expired, untrusted, revoked), laid out like /etc/grid-security.
 * It lives in the main jar so that {@code mdm pki init} can give the demo and a test site a
 * working PKI; nothing in production code uses it, and its keys are unencrypted on disk.
 */
package org.mdm.security.testpki;
