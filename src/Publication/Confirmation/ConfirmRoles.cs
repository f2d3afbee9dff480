using Warning.Grains.Recipients;

namespace Warning.Publication.Confirmation;

/// <summary>
/// Who must answer a warning (叫应), defined once: an explicit <see cref="Recipient.MustConfirm"/> wins; otherwise the
/// officials — village officer (责任人), township officer, county duty desk — must, the public need not.
/// </summary>
public static class ConfirmRoles
{
    public const string VillageOfficer = "village-officer";
    public const string TownshipOfficer = "township-officer";
    public const string CountyDesk = "county-desk";
    public const string Public = "public";

    public static readonly IReadOnlyList<string> Officials = [VillageOfficer, TownshipOfficer, CountyDesk];

    public static bool MustConfirm(Recipient recipient) => recipient.MustConfirm ?? recipient.Roles.Any(Officials.Contains);

    /// <summary>The recipient's role as an official (the highest tier they hold), or their first role.</summary>
    public static string RoleOf(Recipient recipient) =>
        Officials.Reverse().FirstOrDefault(recipient.Roles.Contains) ?? recipient.Roles.FirstOrDefault() ?? Public;
}
