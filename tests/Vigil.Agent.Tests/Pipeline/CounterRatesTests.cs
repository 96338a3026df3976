using Vigil.Agent.Pipeline;

namespace Vigil.Agent.Tests.Pipeline;

public sealed class CounterRatesTests
{
    [Fact]
    public void The_first_sample_has_no_rate_and_the_second_is_delta_over_seconds()
    {
        var rates = new CounterRates();
        Assert.Null(rates.Observe("x", 1000, 0));
        rates.EndRun();
        Assert.Equal(50.0, rates.Observe("x", 1500, 10_000));
    }

    [Fact]
    public void A_32_bit_counter_that_wrapped_yields_the_increase_across_the_wrap()
    {
        var rates = new CounterRates();
        rates.Observe("rx", 4_294_967_000, 0);
        rates.EndRun();
        // 296 to reach 2^32, then 704 more: 1000 bytes in 10 s.
        Assert.Equal(100.0, rates.Observe("rx", 704, 10_000));
    }

    [Fact]
    public void A_64_bit_counter_that_went_down_was_reset_and_counts_from_zero()
    {
        var rates = new CounterRates();
        rates.Observe("rx", 90_000_000_000, 0);
        rates.EndRun();
        Assert.Equal(30.0, rates.Observe("rx", 300, 10_000));
    }

    [Fact]
    public void A_32_bit_counter_far_below_its_previous_value_is_a_reset_not_a_wrap()
    {
        // Wrapping from 1e9 would mean 3.3e9 counted in one interval: implausible, so it is a reset.
        Assert.Equal(10.0, CounterRates.Delta(1_000_000_000, 10));
    }

    [Fact]
    public void A_series_missing_from_a_run_is_forgotten_and_starts_afresh()
    {
        var rates = new CounterRates();
        rates.Observe("sdb", 100, 0);
        rates.EndRun();
        rates.EndRun(); // device vanished for one run
        Assert.Equal(0, rates.TrackedSeries);
        Assert.Null(rates.Observe("sdb", 5, 20_000));
    }

    [Fact]
    public void No_rate_when_time_did_not_advance_or_value_is_not_finite()
    {
        var rates = new CounterRates();
        rates.Observe("x", 1, 1000);
        rates.EndRun();
        Assert.Null(rates.Observe("x", 2, 1000));
        rates.EndRun();
        Assert.Null(rates.Observe("x", double.NaN, 2000));
    }
}
