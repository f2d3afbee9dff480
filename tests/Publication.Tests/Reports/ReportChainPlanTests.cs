using Warning.Grains.Recipients;
using Warning.Publication.Reports;

namespace Warning.Publication.Tests.Reports;

/// <summary>The disaster information chain: township, county and city desks above a village, each person once.</summary>
public sealed class ReportChainPlanTests
{
    private static Recipient Person(string id, string area, string role, string? phone = "+8613900000000") => new(id, id, phone, [area], [role], ["sms"], "blue");

    [Fact]
    public void A_villages_report_goes_to_its_township_county_and_city_desks()
    {
        Assert.Equal([("township", "620522100", "township-officer"), ("county", "620522", "county-desk"), ("city", "6205", "city-desk")],
            ReportChainPlan.Tiers("620522100201"));
        var roster = new[]
        {
            Person("t1", "620522100", "township-officer"), Person("t-other", "620522101", "township-officer"), Person("c1", "620522", "county-desk"),
            Person("city", "6205", "city-desk"), Person("no-phone", "620522", "county-desk", null), Person("m", "620522100201", "monitor"),
        };
        Assert.Equal([("township", "t1"), ("county", "c1"), ("city", "city")], ReportChainPlan.Desks("620522100201", roster).Select(d => (d.Tier, d.Desk.Id)));
        Assert.Equal([("county", "c1"), ("city", "city")], ReportChainPlan.Desks("620522", roster).Select(d => (d.Tier, d.Desk.Id)));
    }

    [Fact]
    public void Reporters_are_monitors_and_information_officers_bound_to_the_area()
    {
        var monitor = Person("m", "620522100201", "monitor");
        var officer = Person("i", "620522100", "information-officer");
        Assert.Equal(("m", "620522100201"), ReporterRoles.Find([monitor, officer], "620522100201") is { } f ? (f.Reporter.Id, f.Area) : default);
        Assert.Equal("i", ReporterRoles.Find([officer], "620522100202")?.Reporter.Id);
        Assert.Null(ReporterRoles.Find([monitor], "620522100202"));   // another village
        Assert.Null(ReporterRoles.Find([Person("v", "620522100201", "village-officer")], null));
    }
}
