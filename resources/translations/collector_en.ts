<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CoverEditor</name>
    <message numerus="yes">
        <source>%Ln areas covered</source>
        <translation>
            <numerusform>%Ln area covered</numerusform>
            <numerusform>%Ln areas covered</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EvidencePage</name>
    <message numerus="yes">
        <source> days</source>
        <translation>
            <numerusform> day</numerusform>
            <numerusform> days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln RMError files</source>
        <translation>
            <numerusform>%Ln RMError file</numerusform>
            <numerusform>%Ln RMError files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln logs</source>
        <translation>
            <numerusform>%Ln log</numerusform>
            <numerusform>%Ln logs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln files chosen</source>
        <translation>
            <numerusform>%Ln file chosen</numerusform>
            <numerusform>%Ln files chosen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResumeBox</name>
    <message numerus="yes">
        <source>%Ln files gathered</source>
        <translation>
            <numerusform>%Ln file gathered</numerusform>
            <numerusform>%Ln files gathered</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message numerus="yes">
        <source>%Ln files</source>
        <translation>
            <numerusform>%Ln file</numerusform>
            <numerusform>%Ln files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln values masked</source>
        <translation>
            <numerusform>%Ln value masked</numerusform>
            <numerusform>%Ln values masked</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln hidden spans highlighted</source>
        <translation>
            <numerusform>%Ln hidden span highlighted</numerusform>
            <numerusform>%Ln hidden spans highlighted</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SendPage</name>
    <message numerus="yes">
        <source>%Ln files</source>
        <translation>
            <numerusform>%Ln file</numerusform>
            <numerusform>%Ln files</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TicketDetail</name>
    <message numerus="yes">
        <source>%n message(s).</source>
        <translation>
            <numerusform>%n message.</numerusform>
            <numerusform>%n messages.</numerusform>
        </translation>
    </message>
</context>
</TS>
