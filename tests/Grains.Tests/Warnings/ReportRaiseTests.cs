using System.Text.Json;
using Warning.Grains.Warnings;

namespace Warning.Grains.Tests.Warnings;

/// <summary>A verified report raises what people see while it holds, through the approval policy like any level.</summary>
public sealed class ReportRaiseTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private static WarningRecord Engine(string level, string status = WarningStatus.Active) =>
        new("LS-1", "LS", "landslide", "tangential-angle", level, status, false, Now, Now, null, ["A"], "620522", "h", "d",
            new WarningEvidence("tangential_angle_deg", "P1D", 45, 40), [new WarningHistoryEntry(Now, level, "issued", "engine")]);

    private static ReportCorroboration Crack(string id, DateTimeOffset until, string? floor = null) =>
        new(id, floor is null ? "crack" : "flooding", until, TimeSpan.FromHours(24), "值班员", floor);

    [Theory]
    [InlineData("blue", "yellow")]
    [InlineData("yellow", "orange")]
    [InlineData("red", null)]
    public void One_level_up_while_it_holds(string from, string? to) =>
        Assert.Equal(to, ReportRaise.Decide(Engine(from), [Crack("rp-1", Now.AddHours(1))], Now)?.Level);

    [Fact]
    public void Nothing_once_it_no_longer_holds_or_the_warning_is_over()
    {
        Assert.Null(ReportRaise.Decide(Engine("blue"), [Crack("rp-1", Now)], Now));
        Assert.Null(ReportRaise.Decide(Engine("blue", WarningStatus.Ended), [Crack("rp-1", Now.AddHours(1))], Now));
    }

    [Fact]
    public void A_flood_lifts_to_at_least_its_floor_and_the_report_is_the_evidence()
    {
        var raised = ReportRaise.Decide(Engine("blue"), [Crack("rp-1", Now.AddHours(1)), Crack("rp-2", Now.AddHours(1), "orange")], Now)!.Value;
        Assert.Equal(("orange", "report", "flooding", "rp-2", "P1D"), (raised.Level, raised.Evidence.Metric, raised.Evidence.ValueText, raised.Evidence.ReportId, raised.Evidence.Window));
    }

    [Fact]
    public void A_raise_to_orange_waits_for_approval_and_the_visible_warning_carries_the_report()
    {
        var approval = new Approval { RaisedLevel = "orange", RaisedEvidence = ReportRaise.Evidence(Crack("rp-1", Now.AddHours(1))) };
        var visible = WarningApproval.Visible(Engine("yellow"), approval, Now, Timeout);
        Assert.Equal(("orange", WarningStatus.PendingApproval, "crack"), (visible.Level, visible.Status, visible.Evidence!.ValueText));
        Assert.Equal("yellow", WarningApproval.Visible(Engine("yellow"), new Approval(), Now, Timeout).Level);
    }

    [Fact]
    public void Report_evidence_has_the_kind_as_its_value_in_JSON_and_reads_back()
    {
        var evidence = ReportRaise.Evidence(Crack("rp-1", Now.AddHours(1)));
        var json = JsonSerializer.Serialize(evidence, JsonSerializerOptions.Web);
        Assert.Equal("""{"metric":"report","window":"P1D","value":"crack","threshold":0,"reportId":"rp-1"}""", json);
        Assert.Equal(evidence, JsonSerializer.Deserialize<WarningEvidence>(json, JsonSerializerOptions.Web));
        var sensor = new WarningEvidence("rain_mm", "PT3H", 105.5, 100);
        Assert.Equal("""{"metric":"rain_mm","window":"PT3H","value":105.5,"threshold":100}""", JsonSerializer.Serialize(sensor, JsonSerializerOptions.Web));
        Assert.Equal(sensor, JsonSerializer.Deserialize<WarningEvidence>(JsonSerializer.Serialize(sensor)));
    }
}
