namespace NanoBanana.Client;

/// <summary>
/// Learns how long tasks take from the <c>costTime</c> of completed tasks, as a log-normal distribution
/// (durations are positive and right-skewed). Starts from a prior (the options' expected duration and spread,
/// worth <see cref="PriorWeight"/> observations) and forgets slowly (an exponentially weighted mean and variance
/// over about the last <see cref="Window"/> tasks), so a model that speeds up or slows down is followed.
/// Pure and thread-safe: no clock, no I/O, so a benchmark can drive it on virtual time.
/// </summary>
internal sealed class TaskDurationEstimator
{
    internal const double PriorWeight = 3;
    internal const double Window = 100;
    private readonly object _gate = new();
    private double _weight;
    private double _mean;
    private double _variance;

    public TaskDurationEstimator(TimeSpan expectedMedian, double expectedSpread)
    {
        _weight = PriorWeight;
        _mean = Math.Log(Math.Max(expectedMedian.TotalSeconds, 0.001));
        _variance = expectedSpread * expectedSpread;
    }

    /// <summary>How many completed tasks have been observed.</summary>
    public int Observations { get; private set; }

    /// <summary>Records a completed task's duration.</summary>
    public void Observe(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero) return;
        var x = Math.Log(duration.TotalSeconds);
        lock (_gate)
        {
            _weight = Math.Min(_weight + 1, Window);
            var alpha = 1 / _weight;
            var delta = x - _mean;
            _mean += alpha * delta;
            _variance = (1 - alpha) * (_variance + alpha * delta * delta);
            Observations++;
        }
    }

    /// <summary>The duration below which a fraction <paramref name="p"/> of tasks complete.</summary>
    public TimeSpan Quantile(double p)
    {
        double mean, sigma;
        lock (_gate)
        {
            mean = _mean;
            sigma = Math.Sqrt(Math.Max(_variance, 0.0025)); // at least 0.05: never certain to the millisecond
        }

        return TimeSpan.FromSeconds(Math.Exp(mean + sigma * InverseNormal(p)));
    }

    /// <summary>The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).</summary>
    internal static double InverseNormal(double p)
    {
        p = Math.Clamp(p, 1e-9, 1 - 1e-9);
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        if (p > 1 - low)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        var r = p - 0.5;
        var s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
