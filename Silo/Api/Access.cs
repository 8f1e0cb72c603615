using Smgw.Interfaces.Access;

namespace Smgw.Silo.Api;

/// <summary>Role and tenant checks for the endpoints: 403 problem responses that say what was missing.</summary>
public static class Access
{
    public static IResult? Require(HttpContext http, params ApiRole[] roles)
    {
        var principal = ApiAccess.PrincipalOf(http);
        return roles.Contains(principal.Role)
            ? null
            : Forbidden($"This needs the role {string.Join(" or ", roles)}; {principal.Name} is {principal.Role}.");
    }

    public static IResult? RequireTenant(HttpContext http, string tenantId)
    {
        var principal = ApiAccess.PrincipalOf(http);
        return principal.MayAccessTenant(tenantId)
            ? null
            : Forbidden($"{principal.Name} is an administrator of tenant {principal.TenantId}, not of {tenantId}.");
    }

    public static IResult Forbidden(string detail) =>
        Results.Problem(title: "Forbidden", detail: detail, statusCode: StatusCodes.Status403Forbidden);
}
