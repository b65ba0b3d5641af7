FROM baseImage
# want +1 "DF021"
ARG token=sq0atp-812erere3wewew45678901
# want +1 "DF021"
ARG picaticKey=sk_live_123as6789o1234567890123a123a5678
# want +1 "DF021"
ARG amazonToken=amzn.mws.643a5678-8f9f-1a2b-5c3b-e3ea43f3f4b4
# want +1 "DF021"
ARG mailChimp=f4f56af5a54a3eaeb3c3beb3cc2ccccc-us36
# want +1 "DF021"
ARG sgApiK=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
