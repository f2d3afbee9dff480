using Warning.Rules.Levels;

namespace Warning.Rules.Tests.FireCamera;

public sealed class FireCameraRuleTests
{
    private static RuleHarness Frames(params (double Minutes, double Smoke, double Fire)[] frames)
    {
        var h = new RuleHarness("firecam");
        foreach (var (m, smoke, fire) in frames) h.At(TimeSpan.FromMinutes(m), ("smoke_conf", smoke), ("fire_conf", fire));
        return h;
    }

    [Theory]
    [InlineData(0.49, WarningLevel.None)]
    [InlineData(0.5, WarningLevel.Blue)]
    [InlineData(0.51, WarningLevel.Blue)]
    public void One_frame_of_smoke_is_blue(double smoke, WarningLevel expected) => Assert.Equal(expected, Frames((0, smoke, 0)).Level);

    [Theory]
    [InlineData(0.59, WarningLevel.Blue)]
    [InlineData(0.6, WarningLevel.Yellow)]
    [InlineData(0.61, WarningLevel.Yellow)]
    public void Smoke_in_two_of_three_frames_is_yellow(double smoke, WarningLevel expected) =>
        Assert.Equal(expected, Frames((0, smoke, 0), (2, 0.1, 0), (4, smoke, 0)).Level);

    [Theory]
    [InlineData(0.59, WarningLevel.None)]
    [InlineData(0.6, WarningLevel.Orange)]
    public void Fire_in_two_of_three_frames_is_orange(double fire, WarningLevel expected) =>
        Assert.Equal(expected, Frames((0, 0, fire), (2, 0, fire)).Level);

    [Theory]
    [InlineData(null, WarningLevel.Orange)]
    [InlineData(3, WarningLevel.Orange)]
    [InlineData(4, WarningLevel.Red)]   // 高火险
    [InlineData(5, WarningLevel.Red)]   // 极高火险
    public void Fire_while_the_region_is_at_danger_IV_or_V_is_red(int? danger, WarningLevel expected)
    {
        var h = new RuleHarness("firecam");
        ((Warning.Rules.FireDanger.IUsesFireDanger)h.Rule).FireDanger = danger;
        h.At(TimeSpan.Zero, ("fire_conf", 0.7)).At(TimeSpan.FromMinutes(1), ("fire_conf", 0.7));
        Assert.Equal(expected, h.Level);
    }

    [Theory]
    [InlineData(0, 0.7, WarningLevel.Yellow)]
    [InlineData(1, 0.7, WarningLevel.Orange)]  // smoke confirmed by a second camera of the area
    [InlineData(1, 0.55, WarningLevel.Blue)]   // a second camera does not confirm what this one has not confirmed
    public void A_second_camera_turns_confirmed_smoke_orange(int otherCameras, double smoke, WarningLevel expected)
    {
        var h = new RuleHarness("firecam");
        var camera = (Warning.Rules.FireCamera.IAreaConfirmed)h.Rule;
        camera.ConfirmingCameras = otherCameras;
        h.At(TimeSpan.Zero, ("smoke_conf", smoke)).At(TimeSpan.FromMinutes(1), ("smoke_conf", smoke));
        Assert.Equal(expected, h.Level);
        Assert.Equal(smoke >= 0.6, camera.SmokeConfirmed);
    }

    [Fact]
    public void Frames_further_apart_than_the_persistence_window_do_not_confirm() =>
        Assert.Equal(WarningLevel.Blue, Frames((0, 0.7, 0), (11, 0.7, 0)).Level);

    [Fact]
    public void Only_the_last_three_frames_count() =>
        Assert.Equal(WarningLevel.None, Frames((0, 0.7, 0), (1, 0.7, 0), (2, 0, 0), (3, 0, 0), (4, 0, 0), (40, 0, 0)).Level);

    [Fact]
    public void Bad_params_are_refused() =>
        Assert.Equal(["params.smokeConfirm: expected a confidence from 0 to 1, got 1.5", "params.hits: expected at most frames (3), got 4"],
            RuleHarness.Errors("firecam", """{"smokeConfirm": 1.5, "hits": 4}"""));
}
