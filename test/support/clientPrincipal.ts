/** Builds an `x-ms-client-principal` header as App Service authentication sends it (base64 JSON, documented shape). */
export function clientPrincipalHeader(p: { name: string; roles?: string[]; groups?: string[]; authType?: string; nameType?: string; roleType?: string }): string {
  const nameType = p.nameType ?? 'name';
  const roleType = p.roleType ?? 'roles';
  const claims = [
    { typ: nameType, val: p.name },
    ...(p.roles ?? []).map((val) => ({ typ: roleType, val })),
    ...(p.groups ?? []).map((val) => ({ typ: 'groups', val })),
  ];
  return Buffer.from(JSON.stringify({ auth_typ: p.authType ?? 'aad', claims, name_typ: nameType, role_typ: roleType })).toString('base64');
}
