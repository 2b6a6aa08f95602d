package io.safetyplane.hash.service;

import io.safetyplane.hash.bank.BankStore;
import io.safetyplane.hash.signal.SignalTypes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The plain-Java core of the service, as CDI beans. */
public class Beans {

    @Produces
    @Singleton
    SignalTypes signalTypes() {
        return SignalTypes.standard();
    }

    @Produces
    @Singleton
    BankStore bankStore(SignalTypes types) {
        return new BankStore(types);
    }
}
