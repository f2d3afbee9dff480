namespace Warning.Grains.Areas;

/// <summary>
/// One per warning area (village code): what several sensors covering it say together. Today: which cameras
/// confirmed smoke lately, so a second camera turns smoke into orange.
/// </summary>
public interface IAreaGrain : IGrainWithStringKey
{
    Task ReportSmoke(string cameraId, DateTimeOffset at);

    /// <summary>Cameras other than <paramref name="cameraId"/> that confirmed smoke within <paramref name="window"/> of <paramref name="at"/> (event time).</summary>
    Task<int> OtherCamerasConfirming(string cameraId, DateTimeOffset at, TimeSpan window);
}
